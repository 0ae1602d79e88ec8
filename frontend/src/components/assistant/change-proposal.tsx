import { ArrowRight, Check, Info, X } from "lucide-react";

import type { Interpretation } from "@/client";
import { Button } from "@/components/ui/button";
import { formatSetting, settingTitle } from "@/lib/settings";
import { cn } from "@/lib/utils";

interface ChangeProposalProps extends React.ComponentProps<"div"> {
  answer: Interpretation;
  onApply: () => void;
  onDismiss: () => void;
  /** Ask again with one of the phrasings the server suggests. */
  onExample: (example: string) => void;
  disabled?: boolean;
}

const interpreterNames: Record<Interpretation["interpreter"], string> = {
  offline: "the built-in rules",
  claude: "Claude",
};

/** What a sentence would change — each setting, old → new, and why — with Apply and Dismiss. */
export function ChangeProposal({ answer, onApply, onDismiss, onExample, disabled, className, ...props }: ChangeProposalProps) {
  const { changes, notice, message, examples } = answer;
  return (
    <div className={cn("space-y-3", className)} {...props}>
      {notice && (
        <p className="flex gap-2 rounded-md bg-muted/60 px-3 py-2 text-sm text-muted-foreground">
          <Info aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
          <span>{notice}</span>
        </p>
      )}
      <p className="text-sm text-pretty">{message}</p>
      {changes.length > 0 && (
        <>
          <ul className="divide-y rounded-lg border bg-card" aria-label="Proposed changes">
            {changes.map((change) => (
              <li key={change.setting} className="grid gap-1 px-3 py-2.5 sm:grid-cols-[minmax(0,14rem)_1fr] sm:gap-4">
                <div className="min-w-0">
                  <p className="text-sm font-medium">{settingTitle(change.setting)}</p>
                  <p className="flex flex-wrap items-center gap-1.5 font-mono text-sm">
                    <span className="text-muted-foreground line-through decoration-muted-foreground/50">
                      {formatSetting(change.setting, change.old)}
                    </span>
                    <ArrowRight aria-hidden="true" className="size-3.5 text-muted-foreground" />
                    <span className="sr-only">becomes</span>
                    <span className="font-semibold">{formatSetting(change.setting, change.new)}</span>
                  </p>
                </div>
                <p className="text-sm text-pretty text-muted-foreground">{change.reason}</p>
              </li>
            ))}
          </ul>
          <p className="text-xs text-muted-foreground">Proposed by {interpreterNames[answer.interpreter]}. Nothing changes until you apply it.</p>
        </>
      )}
      {changes.length === 0 && examples && examples.length > 0 && (
        <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Phrasings that work">
          <span className="text-sm text-muted-foreground">Try:</span>
          {examples.map((example) => (
            <Button key={example} type="button" variant="outline" size="sm" disabled={disabled} onClick={() => onExample(example)}>
              {example}
            </Button>
          ))}
        </div>
      )}
      <div className="flex flex-wrap gap-2">
        {changes.length > 0 && (
          <Button type="button" size="sm" disabled={disabled} onClick={onApply}>
            <Check aria-hidden="true" /> Apply changes
          </Button>
        )}
        <Button type="button" variant="ghost" size="sm" onClick={onDismiss}>
          <X aria-hidden="true" /> {changes.length > 0 ? "Dismiss" : "Close"}
        </Button>
      </div>
    </div>
  );
}
