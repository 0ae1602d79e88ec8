import { AlertTriangle } from "lucide-react";
import { useId } from "react";

import type { ColumnDecision, ColumnFlag, ColumnProfile } from "@/client";
import { Badge } from "@/components/ui/badge";
import { Switch } from "@/components/ui/switch";
import { isToggleable, isUsed, roleLabels } from "@/lib/column-choices";
import { cn } from "@/lib/utils";

import { MarkerChips } from "./marker-chips";

interface ColumnChoiceRowProps extends React.ComponentProps<"li"> {
  decision: ColumnDecision;
  flags: ColumnFlag[];
  column?: ColumnProfile;
  /** false: the template decides on its own (no Use switch). */
  editable: boolean;
  disabled: boolean;
  onUse: (use: boolean) => void;
  onMarker: (marker: string, real: boolean) => void;
}

function badgeFor(decision: ColumnDecision): { label: string; variant: "default" | "tip" | "success" | "warning" | "outline" } {
  if (decision.reason === "kept") return { label: "Kept (flagged)", variant: "warning" };
  if (decision.role === "target") return { label: roleLabels.target, variant: "default" };
  if (decision.role === "text" || decision.role === "label") return { label: roleLabels[decision.role], variant: "tip" };
  if (decision.role === "feature") return { label: roleLabels.feature, variant: "success" };
  return { label: roleLabels.left_out, variant: "outline" };
}

/** The server's explanation as a sentence: "left out: …" → "Left out: …". */
function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** One column: its role, why, what a check found in it, and (for inputs) a switch to use it or not. */
export function ColumnChoiceRow({ decision, flags, column, editable, disabled, onUse, onMarker, className, ...props }: ColumnChoiceRowProps) {
  const id = useId();
  const badge = badgeFor(decision);
  const warned = decision.flagged || flags.length > 0;
  // The explanation quotes the first flag's evidence; any further flag is shown beside it.
  const more = flags.filter((flag) => !decision.explanation.includes(flag.message));

  return (
    <li className={cn("flex flex-col gap-2 py-3 first:pt-0 last:pb-0", className)} {...props}>
      <div className="flex items-start justify-between gap-3">
        <p className="flex min-w-0 flex-wrap items-center gap-2">
          {warned && <AlertTriangle aria-label="Flagged" className="size-4 shrink-0 text-warning" />}
          <span className="font-medium break-all">{decision.name}</span>
          <Badge variant={badge.variant}>{badge.label}</Badge>
        </p>
        {editable && isToggleable(decision) && (
          <label className="flex shrink-0 items-center gap-2 text-sm text-muted-foreground">
            <span aria-hidden="true">Use</span>
            <Switch
              checked={isUsed(decision)}
              onCheckedChange={onUse}
              disabled={disabled}
              aria-label={`Use ${decision.name}`}
              aria-describedby={`${id}-why`}
            />
          </label>
        )}
      </div>
      <div
        id={`${id}-why`}
        className={cn(
          "text-sm text-pretty",
          warned ? "space-y-1 rounded-md border border-warning/30 bg-warning/10 px-3 py-2 text-[oklch(0.45_0.12_60)]" : "text-muted-foreground",
        )}
      >
        <p>{sentence(decision.explanation)}</p>
        {more.map((flag) => (
          <p key={flag.kind}>{flag.message}</p>
        ))}
      </div>
      {column && <MarkerChips column={column} disabled={disabled} onChange={onMarker} />}
    </li>
  );
}
