import { CheckCircle2, XCircle } from "lucide-react";
import { useId } from "react";
import { Link } from "react-router";

import type { ModelVersion, Template } from "@/client";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { formatWhen } from "@/lib/format";
import { labelOf, taskLabels } from "@/lib/labels";
import { cn } from "@/lib/utils";

interface ModelContextProps extends React.ComponentProps<"div"> {
  model: ModelVersion;
  template: Template | undefined;
  models: ModelVersion[];
  onModelChange: (id: number) => void;
}

const linkClass =
  "rounded-sm text-sm font-medium text-primary underline-offset-4 outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50";

/** Which model is being tested (a picker of every version), what it does and how it scored. */
export function ModelContext({ model, template, models, onModelChange, className, ...props }: ModelContextProps) {
  const id = useId();
  // a model beyond the list's first page (opened from a link) is still offered
  const choices = models.some((m) => m.id === model.id) ? models : [model, ...models];
  const passed = model.verdict?.passed === true;
  return (
    <div className={cn("grid gap-4 rounded-xl border bg-card p-4 sm:grid-cols-2 sm:p-5", className)} {...props}>
      <div className="min-w-0 space-y-1.5">
        <label htmlFor={id} className="block text-xs font-medium text-muted-foreground uppercase">
          Model
        </label>
        <Select value={String(model.id)} onValueChange={(value) => onModelChange(Number(value))}>
          <SelectTrigger id={id} className="w-full">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {choices.map((m) => (
              <SelectItem key={m.id} value={String(m.id)}>
                {m.name} v{m.version} · {labelOf(taskLabels, m.task)}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <Link to={`/models/${model.id}`} className={linkClass}>
          See its full record
        </Link>
      </div>
      <div className="min-w-0 space-y-1">
        <p className="text-xs font-medium text-muted-foreground uppercase">About it</p>
        <p className="text-sm">
          {template?.name ?? model.template_id} · {labelOf(taskLabels, model.task)} · trained {formatWhen(model.created_at)}
        </p>
        <p className="flex items-center gap-1.5 text-sm">
          {passed ? <CheckCircle2 aria-hidden="true" className="size-4 text-emerald-600" /> : <XCircle aria-hidden="true" className="size-4 text-destructive" />}
          {passed ? "Passed its quality checks" : "Did not pass its quality checks"}
          {model.run_id !== null && (
            <Link to={`/runs/${model.run_id}`} className={cn(linkClass, "ml-1")}>
              Run {model.run_id}
            </Link>
          )}
        </p>
      </div>
    </div>
  );
}
