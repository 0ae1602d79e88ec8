import { ChevronLeft, ChevronRight, Rows3 } from "lucide-react";
import { useState } from "react";

import { ErrorState } from "@/components/common/error-state";
import { Button } from "@/components/ui/button";
import { Empty, EmptyDescription, EmptyHeader, EmptyMedia, EmptyTitle } from "@/components/ui/empty";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useDatasetPreview } from "@/hooks/use-datasets";
import { formatInt } from "@/lib/format";

import { PreviewCell } from "./preview-cell";

export const PREVIEW_PAGE_SIZE = 20;

interface PreviewTableProps {
  datasetId: number;
  pageSize?: number;
}

/** The parsed rows, a page at a time, exactly as training will see them. */
export function PreviewTable({ datasetId, pageSize = PREVIEW_PAGE_SIZE }: PreviewTableProps) {
  const [offset, setOffset] = useState(0);
  const preview = useDatasetPreview(datasetId, offset, pageSize);

  if (preview.isPending) return <PreviewTableSkeleton />;
  if (preview.isError) return <ErrorState error={preview.error} onRetry={() => preview.refetch()} />;
  const { columns, rows, total } = preview.data;
  if (total === 0 || rows.length === 0) return <PreviewTableEmpty />;

  const first = preview.data.offset + 1;
  const last = preview.data.offset + rows.length;

  return (
    <div className="space-y-3" aria-busy={preview.isPlaceholderData}>
      <div className="rounded-lg border">
        <Table aria-label="Data preview">
          <TableHeader>
            <TableRow className="bg-muted/40 hover:bg-muted/40">
              <TableHead className="w-12 text-right">#</TableHead>
              {columns.map((column) => (
                <TableHead key={column}>{column}</TableHead>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((row, index) => (
              <TableRow key={first + index}>
                <TableCell className="text-right text-muted-foreground tabular-nums">{formatInt(first + index)}</TableCell>
                {columns.map((column) => (
                  <TableCell key={column} className="max-w-[28rem] min-w-[8rem]">
                    <PreviewCell value={(row as Record<string, unknown>)[column]} />
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <nav aria-label="Preview pages" className="flex flex-wrap items-center justify-between gap-3 text-sm">
        <p className="text-muted-foreground" aria-live="polite">
          Rows {formatInt(first)}–{formatInt(last)} of {formatInt(total)}
        </p>
        <div className="flex gap-2">
          <Button
            variant="outline"
            size="sm"
            disabled={offset === 0 || preview.isFetching}
            onClick={() => setOffset(Math.max(0, offset - pageSize))}
          >
            <ChevronLeft aria-hidden="true" /> Previous
          </Button>
          <Button
            variant="outline"
            size="sm"
            disabled={last >= total || preview.isFetching}
            onClick={() => setOffset(offset + pageSize)}
          >
            Next <ChevronRight aria-hidden="true" />
          </Button>
        </div>
      </nav>
    </div>
  );
}

export function PreviewTableSkeleton() {
  return (
    <div className="space-y-2 rounded-lg border p-3" role="status" aria-label="Loading preview">
      {Array.from({ length: 6 }, (_, index) => (
        <Skeleton key={index} className="h-6 w-full" />
      ))}
    </div>
  );
}

export function PreviewTableEmpty() {
  return (
    <Empty className="py-8">
      <EmptyHeader>
        <EmptyMedia>
          <Rows3 aria-hidden="true" />
        </EmptyMedia>
        <EmptyTitle>No rows to show</EmptyTitle>
        <EmptyDescription>The file was read, but no examples came out of it.</EmptyDescription>
      </EmptyHeader>
    </Empty>
  );
}
