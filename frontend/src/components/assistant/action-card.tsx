import { Check, CheckCircle2, Download, ExternalLink, Loader2, X } from "lucide-react";
import { Link } from "react-router";

import type { AssistantAction } from "@/client";
import { ErrorState } from "@/components/common/error-state";
import { Button } from "@/components/ui/button";
import type { ActionState } from "@/hooks/use-command-conversation";
import { actionSteps } from "@/lib/assistant-actions";
import { cn } from "@/lib/utils";

interface ActionCardProps extends React.ComponentProps<"section"> {
  action: AssistantAction;
  state: ActionState;
  /** The reply's words beyond the summary (notes on left-out settings, "Confirm to go ahead."). */
  note?: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A proposed REST call: what it does (each step of a chain), the call itself, and Confirm/Cancel
 * when it changes something; afterwards, what came of it or the error with its fix.
 */
export function ActionCard({ action, state, note, onConfirm, onCancel, className, ...props }: ActionCardProps) {
  const steps = actionSteps(action);
  return (
    <section aria-label="Proposed action" className={cn("space-y-3 rounded-lg border bg-card p-3 text-sm shadow-xs", className)} {...props}>
      {steps.length === 1 ? (
        <p className="font-medium text-pretty">{action.summary}</p>
      ) : (
        <ol className="list-decimal space-y-1 pl-5 font-medium text-pretty">
          {steps.map((step) => (
            <li key={`${step.method} ${step.path}`}>{step.summary}</li>
          ))}
        </ol>
      )}
      <p className="font-mono text-xs break-all text-muted-foreground">
        {steps.map((step) => `${step.method} ${step.path}`).join(" → ")}
      </p>
      {note && <p className="text-pretty text-muted-foreground">{note}</p>}
      {state.status === "waiting" && (
        <div className="flex flex-wrap gap-2">
          <Button size="sm" onClick={onConfirm}>
            <Check aria-hidden="true" /> Confirm
          </Button>
          <Button size="sm" variant="outline" onClick={onCancel}>
            <X aria-hidden="true" /> Cancel
          </Button>
        </div>
      )}
      {state.status === "running" && (
        <p role="status" className="flex items-center gap-2 text-muted-foreground">
          <Loader2 aria-hidden="true" className="size-4 animate-spin" /> Working…
        </p>
      )}
      {state.status === "cancelled" && <p className="text-muted-foreground">Cancelled: nothing was changed.</p>}
      {state.status === "failed" && <ErrorState error={state.error} onRetry={action.needs_confirmation ? onConfirm : undefined} />}
      {state.status === "done" && (
        <div className="space-y-2">
          <p className="flex items-center gap-2 font-medium text-emerald-700">
            <CheckCircle2 aria-hidden="true" className="size-4" /> {state.outcome.text}
          </p>
          {state.outcome.facts && state.outcome.facts.length > 0 && (
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
              {state.outcome.facts.map((fact) => (
                <div key={fact.label} className="contents">
                  <dt className="text-muted-foreground">{fact.label}</dt>
                  <dd className="font-mono text-xs break-all">{fact.value}</dd>
                </div>
              ))}
            </dl>
          )}
          {state.outcome.to && (
            <Button size="sm" variant="outline" asChild>
              <Link to={state.outcome.to}>
                <ExternalLink aria-hidden="true" /> Open the run
              </Link>
            </Button>
          )}
          {state.outcome.href && (
            <Button size="sm" variant="outline" asChild>
              <a href={state.outcome.href} download>
                <Download aria-hidden="true" /> Download again
              </a>
            </Button>
          )}
        </div>
      )}
    </section>
  );
}
