import { History } from "lucide-react";
import { Link } from "react-router";

import { ErrorState } from "@/components/common/error-state";
import { Badge } from "@/components/ui/badge";
import { Empty, EmptyDescription, EmptyHeader, EmptyMedia, EmptyTitle } from "@/components/ui/empty";
import { Skeleton } from "@/components/ui/skeleton";
import { useRuns } from "@/hooks/use-runs";
import { useTemplates } from "@/hooks/use-templates";
import { formatWhen } from "@/lib/format";
import { labelOf, runStatusLabels, runStatusVariants } from "@/lib/labels";
import type { RunStatus } from "@/lib/run-events";

/** Recent runs, newest first: status, template, and a link to follow or review each. */
export function RunHistory() {
  const runs = useRuns();
  const templates = useTemplates();

  if (runs.isPending) return <RunHistorySkeleton />;
  if (runs.isError) return <ErrorState error={runs.error} onRetry={() => runs.refetch()} />;
  if (runs.data.length === 0) return <RunHistoryEmpty />;

  const templateName = (id: string) => templates.data?.find((t) => t.id === id)?.name ?? id;
  return (
    <ul className="divide-y rounded-xl border bg-card" aria-label="Recent runs">
      {runs.data.map((run) => {
        const model = typeof run.plan.model_name === "string" ? run.plan.model_name : null;
        return (
          <li key={run.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3 sm:px-5">
            <div className="min-w-0 flex-1">
              <Link
                to={`/runs/${run.id}`}
                className="rounded-sm font-medium underline-offset-4 outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50"
              >
                Run {run.id}: {templateName(run.template_id)}
              </Link>
              <p className="truncate text-sm text-muted-foreground">
                {model && `${model} · `}
                {formatWhen(run.created_at)}
              </p>
            </div>
            <Badge variant={runStatusVariants[run.status as RunStatus] ?? "secondary"}>
              {labelOf(runStatusLabels, run.status)}
            </Badge>
          </li>
        );
      })}
    </ul>
  );
}

export function RunHistorySkeleton() {
  return (
    <div className="divide-y rounded-xl border bg-card" role="status" aria-label="Loading runs">
      {Array.from({ length: 3 }, (_, index) => (
        <div key={index} className="flex items-center gap-3 px-5 py-4">
          <div className="flex-1 space-y-2">
            <Skeleton className="h-4 w-48" />
            <Skeleton className="h-3 w-32" />
          </div>
          <Skeleton className="h-5 w-16" />
        </div>
      ))}
    </div>
  );
}

export function RunHistoryEmpty() {
  return (
    <Empty className="py-8 md:py-10">
      <EmptyHeader>
        <EmptyMedia>
          <History aria-hidden="true" />
        </EmptyMedia>
        <EmptyTitle>No runs yet</EmptyTitle>
        <EmptyDescription>Runs you start appear here, with how each one ended.</EmptyDescription>
      </EmptyHeader>
    </Empty>
  );
}
