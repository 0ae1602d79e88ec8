import { AlertTriangle } from "lucide-react";

import type { Plan } from "@/client";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Skeleton } from "@/components/ui/skeleton";
import { formatBytes, formatDuration, formatInt, plural } from "@/lib/format";
import { cn } from "@/lib/utils";

interface Fact {
  label: string;
  value: string;
  note?: string;
}

function facts(plan: Plan): Fact[] {
  const model = plan.base_model as { name?: string; hub_id?: string; reason?: string };
  const list: Fact[] = [
    { label: "Starts from", value: model.name ?? model.hub_id ?? "—", note: model.reason },
    {
      label: "Examples",
      value: `${formatInt(plan.train_rows)} to learn from`,
      note: `${plural(plan.val_rows, "example")} held back to test it honestly`,
    },
    {
      label: "Takes about",
      value: formatDuration(plan.estimated_seconds),
      note: [plan.total_steps ? `${plural(plan.total_steps, "training step")} on this computer.` : "On this computer.", plan.estimate_basis]
        .filter(Boolean)
        .join(" "),
    },
  ];
  if (plan.memory?.peak != null && plan.memory.budget != null) {
    list.push({
      label: "Memory",
      value: formatBytes(plan.memory.peak),
      note: `of the ${formatBytes(plan.memory.budget)} we allow ourselves`,
    });
  }
  return list;
}

/** The plan at a glance: the starting model and why, the data split, the time and memory it needs. */
export function PlanSummary({ plan, className, ...props }: { plan: Plan } & React.ComponentProps<"div">) {
  return (
    <div className={cn("space-y-4", className)} {...props}>
      <dl className="grid gap-3 sm:grid-cols-[repeat(auto-fit,minmax(12rem,1fr))]">
        {facts(plan).map((fact) => (
          <div key={fact.label} className="rounded-lg border bg-muted/30 px-4 py-3">
            <dt className="text-xs font-medium text-muted-foreground uppercase">{fact.label}</dt>
            <dd className="mt-1 font-semibold break-words">{fact.value}</dd>
            {fact.note && <dd className="mt-0.5 text-sm text-pretty text-muted-foreground">{fact.note}</dd>}
          </div>
        ))}
      </dl>
      {plan.truncation && <p className="text-sm text-muted-foreground">Long examples: {plan.truncation}.</p>}
      {plan.warnings.length > 0 && (
        <Alert>
          <AlertTriangle aria-hidden="true" className="text-warning" />
          <AlertTitle>Worth knowing before you start</AlertTitle>
          <AlertDescription>
            <ul className="list-disc space-y-1 pl-4">
              {plan.warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          </AlertDescription>
        </Alert>
      )}
    </div>
  );
}

export function PlanSummarySkeleton() {
  return (
    <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" aria-hidden="true">
      {Array.from({ length: 4 }, (_, index) => (
        <Skeleton key={index} className="h-24" />
      ))}
    </div>
  );
}
