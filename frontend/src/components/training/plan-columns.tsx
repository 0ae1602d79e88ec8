import { AlertTriangle, ChevronDown } from "lucide-react";
import { useId, useState } from "react";

import type { ColumnDecision, RunColumns } from "@/client";
import { Button } from "@/components/ui/button";
import { Switch } from "@/components/ui/switch";
import { chooseColumn, isToggleable, isUsed, reasonLabels, summarize } from "@/lib/column-choices";
import { plural } from "@/lib/format";
import { cn } from "@/lib/utils";

interface PlanColumnsProps extends React.ComponentProps<"section"> {
  columns: ColumnDecision[];
  /** This run's changes on top of the dataset's own choices. */
  choices: RunColumns;
  onChoicesChange?: (choices: RunColumns) => void;
  disabled?: boolean;
}

/** "Uses 9 columns · leaves out 4: boat (gives the answer away), …", and switches to change that for this run. */
export function PlanColumns({ columns, choices, onChoicesChange, disabled, className, ...props }: PlanColumnsProps) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const toggleable = columns.filter(isToggleable);
  if (columns.length === 0) return null;
  const { inputs, leftOut } = summarize(columns);

  function choose(decision: ColumnDecision, use: boolean) {
    // A column this run already changed goes back to the dataset's choice; any other is changed.
    const chosen = [...(choices.include ?? []), ...(choices.exclude ?? [])].includes(decision.name);
    onChoicesChange?.(chooseColumn(choices, decision.name, use, chosen ? use : !use));
  }

  return (
    <section aria-label="Columns this run uses" className={cn("space-y-2 rounded-lg border px-4 py-3", className)} {...props}>
      <div className="space-y-1">
        <p className="text-sm text-pretty">
          <span className="font-medium">Uses {plural(inputs.length, "column")}</span>
          {leftOut.length > 0 && (
            <>
              {" · "}
              <span className="font-medium">leaves out {leftOut.length}</span>:{" "}
              <span className="text-muted-foreground">
                {leftOut.map((decision) => `${decision.name} (${reasonLabels[decision.reason]})`).join(", ")}
              </span>
            </>
          )}
        </p>
        {onChoicesChange && toggleable.length > 0 && (
          <Button variant="ghost" size="sm" className="-ml-3" aria-expanded={open} aria-controls={`${id}-list`} onClick={() => setOpen(!open)}>
            Change columns
            <ChevronDown aria-hidden="true" className={cn("transition-transform", open && "rotate-180")} />
          </Button>
        )}
      </div>
      {open && onChoicesChange && (
        <ul id={`${id}-list`} aria-label="Columns for this run" className="grid gap-x-6 gap-y-2 pt-1 sm:grid-cols-2">
          {toggleable.map((decision, index) => (
            <li key={decision.name} className="flex items-center justify-between gap-3 text-sm">
              <span className="flex min-w-0 items-center gap-1.5">
                {decision.flagged && <AlertTriangle aria-label="Flagged" className="size-3.5 shrink-0 text-warning" />}
                <span className="truncate font-medium" title={decision.name}>
                  {decision.name}
                </span>
                <span className="truncate text-muted-foreground" title={decision.explanation} aria-hidden="true">
                  {reasonLabels[decision.reason]}
                </span>
                <span id={`${id}-why-${index}`} className="sr-only">
                  {decision.explanation}
                </span>
              </span>
              <Switch
                checked={isUsed(decision)}
                onCheckedChange={(use) => choose(decision, use)}
                disabled={disabled}
                aria-label={`Use ${decision.name}`}
                aria-describedby={`${id}-why-${index}`}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
