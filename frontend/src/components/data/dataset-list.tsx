import { Database, FileText } from "lucide-react";
import { Link } from "react-router";

import { ErrorState } from "@/components/common/error-state";
import { Badge } from "@/components/ui/badge";
import { Empty, EmptyDescription, EmptyHeader, EmptyMedia, EmptyTitle } from "@/components/ui/empty";
import { Skeleton } from "@/components/ui/skeleton";
import { useDatasets } from "@/hooks/use-datasets";
import { formatBytes, formatWhen, plural } from "@/lib/format";
import { formatLabels, labelOf, shapeLabels } from "@/lib/labels";

import { DeleteDatasetButton } from "./delete-dataset-button";

/** Earlier uploads and cleaned versions, newest first, each with a delete button. */
export function DatasetList() {
  const datasets = useDatasets();

  if (datasets.isPending) return <DatasetListSkeleton />;
  if (datasets.isError) return <ErrorState error={datasets.error} onRetry={() => datasets.refetch()} />;
  if (datasets.data.length === 0) return <DatasetListEmpty />;

  return (
    <ul className="divide-y rounded-xl border bg-card" aria-label="Your datasets">
      {datasets.data.map((dataset) => (
        <li key={dataset.id} className="flex items-center gap-3 px-4 py-3 sm:px-5">
          <FileText aria-hidden="true" className="hidden size-5 shrink-0 text-muted-foreground sm:block" />
          <div className="min-w-0 flex-1">
            <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
              <Link
                to={`/data/${dataset.id}`}
                className="truncate rounded-sm font-medium underline-offset-4 outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50"
              >
                {dataset.name}
              </Link>
              {dataset.version > 1 && <Badge variant="secondary">v{dataset.version}</Badge>}
              {dataset.errors > 0 && <Badge variant="error">{plural(dataset.errors, "error")}</Badge>}
              {dataset.warnings > 0 && (
                <Badge variant="warning">{plural(dataset.warnings, "warning")}</Badge>
              )}
            </div>
            <p className="mt-0.5 text-sm text-pretty text-muted-foreground">
              {labelOf(formatLabels, dataset.format)} · {labelOf(shapeLabels, dataset.shape)} ·{" "}
              {plural(dataset.rows, "row")} · {formatBytes(dataset.size_bytes)} ·{" "}
              {formatWhen(dataset.created_at)}
            </p>
          </div>
          <DeleteDatasetButton id={dataset.id} name={dataset.name} version={dataset.version} />
        </li>
      ))}
    </ul>
  );
}

export function DatasetListSkeleton() {
  return (
    <div className="divide-y rounded-xl border bg-card" role="status" aria-label="Loading datasets">
      {Array.from({ length: 3 }, (_, index) => (
        <div key={index} className="flex items-center gap-3 px-5 py-4">
          <div className="flex-1 space-y-2">
            <Skeleton className="h-4 w-48" />
            <Skeleton className="h-3 w-72 max-w-full" />
          </div>
          <Skeleton className="size-8" />
        </div>
      ))}
    </div>
  );
}

export function DatasetListEmpty() {
  return (
    <Empty className="py-8 md:py-10">
      <EmptyHeader>
        <EmptyMedia>
          <Database aria-hidden="true" />
        </EmptyMedia>
        <EmptyTitle>No datasets yet</EmptyTitle>
        <EmptyDescription>Files you upload appear here, with every cleaned version.</EmptyDescription>
      </EmptyHeader>
    </Empty>
  );
}
