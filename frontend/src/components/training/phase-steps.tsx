import { Check, X } from "lucide-react";

import type { PhaseExplanations } from "@/client";
import { isFinal, type Phase } from "@/lib/run-events";
import { cn } from "@/lib/utils";

// Short labels fit five columns on a phone; the long ones are used from the `sm` width up.
const STEPS = [
  { id: "queued", label: "Waiting", short: "Wait" },
  { id: "preparing", label: "Preparing", short: "Prepare" },
  { id: "training", label: "Training", short: "Train" },
  { id: "evaluating", label: "Evaluating", short: "Test" },
  { id: "succeeded", label: "Done", short: "Done" },
] as const;

const QUEUED_TEXT = "Waiting for the worker to pick this run up; it usually starts within a few seconds.";

interface PhaseStepsProps extends React.ComponentProps<"div"> {
  status: string;
  /** The last phase the run reported (where a stopped run stopped). */
  phase: Phase | null;
  explanations?: PhaseExplanations;
}

/** Where the run is (waiting → preparing → training → evaluating → done) and, in plain English, what that step does. */
export function PhaseSteps({ status, phase, explanations, className, ...props }: PhaseStepsProps) {
  const stopped = isFinal(status) && status !== "succeeded";
  const currentId = stopped ? (phase ?? "queued") : status;
  const current = Math.max(0, STEPS.findIndex((step) => step.id === currentId));
  const explanation =
    status === "queued" ? QUEUED_TEXT : !isFinal(status) && explanations ? explanations[status as Phase] : undefined;

  return (
    <div className={cn("space-y-3", className)} {...props}>
      <ol className="grid grid-cols-5 gap-1" aria-label="Run phases">
        {STEPS.map((step, index) => {
          const done = index < current || status === "succeeded";
          const here = index === current && !done;
          return (
            <li key={step.id} aria-current={here ? "step" : undefined} className="flex min-w-0 flex-col items-center gap-1.5 text-center">
              <span
                aria-hidden="true"
                className={cn(
                  "flex size-7 items-center justify-center rounded-full border text-xs font-semibold",
                  done && "border-primary/40 bg-accent text-primary",
                  here && !stopped && "border-primary bg-primary text-primary-foreground",
                  here && stopped && "border-destructive/40 bg-destructive/10 text-destructive",
                  !done && !here && "bg-card text-muted-foreground",
                )}
              >
                {done ? <Check className="size-3.5" /> : here && stopped ? <X className="size-3.5" /> : index + 1}
              </span>
              <span className={cn("w-full truncate text-xs", here ? "font-medium text-foreground" : "text-muted-foreground")}>
                <span className="sm:hidden" aria-hidden="true">
                  {step.short}
                </span>
                <span className="max-sm:sr-only">{step.label}</span>
                <span className="sr-only">{done ? " (done)" : here ? (stopped ? " (stopped here)" : " (now)") : ""}</span>
              </span>
            </li>
          );
        })}
      </ol>
      {explanation && (
        <p className="rounded-lg bg-accent/50 px-4 py-3 text-sm text-pretty" aria-live="polite">
          <span className="font-medium">{STEPS[current]?.label}: </span>
          {explanation}
        </p>
      )}
    </div>
  );
}
