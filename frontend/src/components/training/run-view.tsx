import { useQueryClient } from "@tanstack/react-query";
import { ArrowLeft } from "lucide-react";
import { useEffect, useMemo } from "react";
import { Link } from "react-router";

import { ErrorState } from "@/components/common/error-state";
import { PageHeader } from "@/components/common/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useRun } from "@/hooks/use-runs";
import { useRunStream, type StreamConnection } from "@/hooks/use-run-stream";
import { useTemplate } from "@/hooks/use-templates";
import { formatWhen } from "@/lib/format";
import { labelOf, runStatusLabels, runStatusVariants } from "@/lib/labels";
import { queryKeys } from "@/lib/query-keys";
import { readEvents, type RunStatus } from "@/lib/run-events";

import { CandidateSearch } from "./candidate-search";
import { LearningRateChart, LossChart } from "./loss-chart";
import { PhaseSteps } from "./phase-steps";
import { RunActions } from "./run-actions";
import { RunLog } from "./run-log";
import { RunOutcome } from "./run-outcome";
import { RunProgress } from "./run-progress";
import { SampleGenerations } from "./sample-generations";

const connectionLabels: Record<StreamConnection, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Connection lost, reconnecting…",
  polling: "Updating every few seconds",
  ended: "",
};

/** One run, live: where it is and what that means, progress and curves while it trains, the verdict when it ends. */
export function RunView({ runId }: { runId: number }) {
  const queryClient = useQueryClient();
  const run = useRun(runId);
  const stream = useRunStream(runId);
  const template = useTemplate(run.data?.template_id);
  const timeline = useMemo(() => readEvents(stream.events), [stream.events]);
  const status = stream.status ?? run.data?.status;

  useEffect(() => {
    // A new state may come with new fields (an error, the model version): read the run again.
    if (!stream.status) return;
    void queryClient.invalidateQueries({ queryKey: queryKeys.runs.detail(runId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.runs.list() });
  }, [stream.status, runId, queryClient]);

  if (run.isError) return <ErrorState error={run.error} onRetry={() => run.refetch()} />;
  if (run.isPending || !status) return <RunViewSkeleton />;

  const task = template?.task ?? (run.data.plan.task as string | undefined);
  const textModel = task === "causal_lm" || task === "classifier" || (task !== "tabular" && timeline.loss.length > 0);
  const epochs = (run.data.plan.settings as Record<string, unknown> | undefined)?.epochs;
  const modelName = typeof run.data.plan.model_name === "string" ? run.data.plan.model_name : null;

  return (
    <div className="space-y-6">
      <Link
        to={`/training?dataset=${run.data.dataset_id}`}
        className="inline-flex items-center gap-1.5 rounded-sm text-sm text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
      >
        <ArrowLeft aria-hidden="true" className="size-4" /> Training plan
      </Link>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
            {template?.name ?? run.data.template_id}
            <Badge variant={runStatusVariants[status as RunStatus] ?? "secondary"} className="text-sm">
              {labelOf(runStatusLabels, status)}
            </Badge>
          </span>
        }
        description={`Run ${run.data.id}${modelName ? ` · ${modelName}` : ""} · started ${formatWhen(run.data.created_at)}`}
        actions={<RunActions run={run.data} status={status} onResumed={stream.restart} />}
      />
      {stream.error && <ErrorState error={new Error(stream.error)} />}
      <RunOutcome run={run.data} status={status} />
      <Card>
        <CardHeader>
          <CardTitle>Progress</CardTitle>
          <CardDescription aria-live="polite">{connectionLabels[stream.connection]}</CardDescription>
        </CardHeader>
        <CardContent className="space-y-6">
          <PhaseSteps status={status} phase={timeline.phase} explanations={template?.phase_explanations} />
          <RunProgress status={status} timeline={timeline} epochs={typeof epochs === "number" ? epochs : undefined} />
        </CardContent>
      </Card>
      {textModel && (
        <Card>
          <CardContent className="grid gap-8 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
            <LossChart loss={timeline.loss} valLoss={timeline.valLoss} />
            <LearningRateChart points={timeline.learningRate} />
          </CardContent>
        </Card>
      )}
      {task === "tabular" && (
        <Card>
          <CardHeader>
            <CardTitle>Model search</CardTitle>
            <CardDescription>Several kinds of model are tried; each is scored on rows it did not learn from.</CardDescription>
          </CardHeader>
          <CardContent>
            <CandidateSearch steps={timeline.steps} />
          </CardContent>
        </Card>
      )}
      {task === "causal_lm" && (
        <Card>
          <CardHeader>
            <CardTitle>Sample answers</CardTitle>
            <CardDescription>The model answers the same prompts as it trains: watch them change.</CardDescription>
          </CardHeader>
          <CardContent>
            <SampleGenerations samples={timeline.samples} />
          </CardContent>
        </Card>
      )}
      <Card>
        <CardHeader>
          <CardTitle>Messages</CardTitle>
        </CardHeader>
        <CardContent>
          <RunLog logs={timeline.logs} />
        </CardContent>
      </Card>
    </div>
  );
}

export function RunViewSkeleton() {
  return (
    <div className="space-y-6" role="status" aria-label="Loading run">
      <Skeleton className="h-4 w-28" />
      <Skeleton className="h-9 w-72 max-w-full" />
      <Skeleton className="h-48 w-full rounded-xl" />
      <Skeleton className="h-64 w-full rounded-xl" />
    </div>
  );
}
