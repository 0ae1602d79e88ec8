import { Boxes } from "lucide-react";
import { Link } from "react-router";

import type { ModelVersion } from "@/client";
import { ErrorState } from "@/components/common/error-state";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Empty, EmptyContent, EmptyDescription, EmptyHeader, EmptyMedia, EmptyTitle } from "@/components/ui/empty";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useModels } from "@/hooks/use-models";
import { useTemplates } from "@/hooks/use-templates";
import { formatBytes, formatWhen } from "@/lib/format";
import { labelOf, taskLabels } from "@/lib/labels";
import { metricRows } from "@/lib/metrics";

import { TableSkeleton } from "./table-skeleton";

/** The metric people read first for this model ("Accuracy 91%"), if it has one. */
function headline(model: ModelVersion): string {
  const row = metricRows(model.metrics)[0];
  return row ? `${row.label} ${row.value}` : "—";
}

/** Every model version: name vN, template and task, headline metric, verdict, size, age. */
export function ModelTable() {
  const models = useModels();
  const templates = useTemplates();

  if (models.isPending) return <TableSkeleton label="Loading models" columns={6} />;
  if (models.isError) return <ErrorState error={models.error} onRetry={() => models.refetch()} />;
  if (models.data.length === 0) return <ModelTableEmpty />;

  const templateName = (id: string) => templates.data?.find((t) => t.id === id)?.name ?? id;
  return (
    <div className="rounded-xl border bg-card">
      <Table aria-label="Model versions">
        <TableHeader>
          <TableRow>
            <TableHead className="pl-4">Model</TableHead>
            <TableHead className="hidden md:table-cell">Template</TableHead>
            <TableHead className="hidden sm:table-cell">Result</TableHead>
            <TableHead className="pr-4 lg:pr-2">Verdict</TableHead>
            <TableHead className="hidden lg:table-cell">Size</TableHead>
            <TableHead className="hidden pr-4 lg:table-cell">Created</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {models.data.map((model) => {
            const passed = model.verdict?.passed === true;
            return (
              <TableRow key={model.id}>
                <TableCell className="py-3 pl-4">
                  <Link
                    to={`/models/${model.id}`}
                    className="rounded-sm font-medium text-primary underline-offset-4 outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50"
                  >
                    {model.name} v{model.version}
                  </Link>
                  <p className="text-muted-foreground md:hidden">
                    {templateName(model.template_id)}
                    <span className="sm:hidden"> · {headline(model)}</span>
                  </p>
                  <p className="text-muted-foreground lg:hidden">
                    {formatBytes(model.size_bytes)} · {formatWhen(model.created_at)}
                  </p>
                </TableCell>
                <TableCell className="hidden py-3 md:table-cell">
                  {templateName(model.template_id)}
                  <p className="text-muted-foreground">{labelOf(taskLabels, model.task)}</p>
                </TableCell>
                <TableCell className="hidden py-3 tabular-nums sm:table-cell">{headline(model)}</TableCell>
                <TableCell className="py-3 pr-4 lg:pr-2">
                  <Badge variant={passed ? "success" : "error"}>{passed ? "Passed" : "Not passed"}</Badge>
                </TableCell>
                <TableCell className="hidden py-3 lg:table-cell">{formatBytes(model.size_bytes)}</TableCell>
                <TableCell className="hidden py-3 pr-4 lg:table-cell">{formatWhen(model.created_at)}</TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}

export function ModelTableEmpty() {
  return (
    <Empty className="py-8 md:py-10">
      <EmptyHeader>
        <EmptyMedia>
          <Boxes aria-hidden="true" />
        </EmptyMedia>
        <EmptyTitle>No models yet</EmptyTitle>
        <EmptyDescription>Each training run that finishes registers a model version here.</EmptyDescription>
      </EmptyHeader>
      <EmptyContent>
        <Button asChild>
          <Link to="/training">Go to Training</Link>
        </Button>
      </EmptyContent>
    </Empty>
  );
}
