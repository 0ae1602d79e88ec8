import { History } from "lucide-react";
import { Link } from "react-router";

import { ErrorState } from "@/components/common/error-state";
import { Badge } from "@/components/ui/badge";
import { Empty, EmptyDescription, EmptyHeader, EmptyMedia, EmptyTitle } from "@/components/ui/empty";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useDatasets } from "@/hooks/use-datasets";
import { useRuns } from "@/hooks/use-runs";
import { useTemplates } from "@/hooks/use-templates";
import { formatWhen } from "@/lib/format";
import { labelOf, runStatusLabels, runStatusVariants } from "@/lib/labels";
import type { RunStatus } from "@/lib/run-events";

import { TableSkeleton } from "./table-skeleton";

const LIMIT = 100;

/** Every run, newest first: status, template, dataset, when, and a link to follow or review it. */
export function RunTable() {
  const runs = useRuns(LIMIT);
  const templates = useTemplates();
  const datasets = useDatasets();

  if (runs.isPending) return <TableSkeleton label="Loading runs" columns={5} />;
  if (runs.isError) return <ErrorState error={runs.error} onRetry={() => runs.refetch()} />;
  if (runs.data.length === 0) return <RunTableEmpty />;

  const templateName = (id: string) => templates.data?.find((t) => t.id === id)?.name ?? id;
  const datasetName = (id: number) => datasets.data?.find((d) => d.id === id)?.name ?? `Dataset ${id}`;
  return (
    <div className="rounded-xl border bg-card">
      <Table aria-label="Runs">
        <TableHeader>
          <TableRow>
            <TableHead className="pl-4">Run</TableHead>
            <TableHead className="pr-4 sm:pr-2">Status</TableHead>
            <TableHead className="hidden sm:table-cell">Template</TableHead>
            <TableHead className="hidden md:table-cell">Dataset</TableHead>
            <TableHead className="hidden pr-4 md:table-cell">Created</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {runs.data.map((run) => (
            <TableRow key={run.id}>
              <TableCell className="py-3 pl-4">
                <Link
                  to={`/runs/${run.id}`}
                  className="rounded-sm font-medium text-primary underline-offset-4 outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50"
                >
                  Run {run.id}
                </Link>
                <p className="text-muted-foreground sm:hidden">{templateName(run.template_id)}</p>
                <p className="text-muted-foreground md:hidden">
                  {datasetName(run.dataset_id)} · {formatWhen(run.created_at)}
                </p>
              </TableCell>
              <TableCell className="py-3 pr-4 sm:pr-2">
                <Badge variant={runStatusVariants[run.status as RunStatus] ?? "secondary"}>
                  {labelOf(runStatusLabels, run.status)}
                </Badge>
              </TableCell>
              <TableCell className="hidden py-3 sm:table-cell">{templateName(run.template_id)}</TableCell>
              <TableCell className="hidden py-3 md:table-cell">{datasetName(run.dataset_id)}</TableCell>
              <TableCell className="hidden py-3 pr-4 md:table-cell">{formatWhen(run.created_at)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

export function RunTableEmpty() {
  return (
    <Empty className="py-8 md:py-10">
      <EmptyHeader>
        <EmptyMedia>
          <History aria-hidden="true" />
        </EmptyMedia>
        <EmptyTitle>No runs yet</EmptyTitle>
        <EmptyDescription>Runs you start on the Training step appear here, with how each one ended.</EmptyDescription>
      </EmptyHeader>
    </Empty>
  );
}
