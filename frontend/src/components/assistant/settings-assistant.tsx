import { Loader2, Sparkles, WandSparkles } from "lucide-react";
import { useId, useState } from "react";

import type { SettingChange, SettingsContext } from "@/client";
import { ErrorState } from "@/components/common/error-state";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { useInterpret } from "@/hooks/use-assistant";
import { plural } from "@/lib/format";
import { cn } from "@/lib/utils";

import { ChangeProposal } from "./change-proposal";

export interface SettingsAssistantProps extends React.ComponentProps<"section"> {
  /**
   * What the sentence may change, sent as is to POST /api/assistant/interpret:
   * - `step`: "training" (plan settings) or "testing" (generation settings);
   * - `task` and `template_id`: which rules apply (a template also lets "use the small model" pick a base model);
   * - `settings`: the values on screen now — on Training the plan's settings plus `base_model`,
   *   on Testing `temperature`, `top_p`, `top_k`, `max_new_tokens`, `repetition_penalty`.
   */
  context: SettingsContext;
  /**
   * Called with the proposed changes only when the user presses "Apply changes"; apply them through
   * the screen's normal flow (on Training: plan overrides, and `base_model` as the plan request's base model).
   */
  onApply: (changes: SettingChange[]) => void;
  /** Example phrasings shown in the empty box; defaults suit the step. */
  placeholder?: string;
  /** While the screen is busy (a run is starting): the box can be read but not applied. */
  disabled?: boolean;
}

const placeholders: Record<SettingsContext["step"], string> = {
  training: "e.g. “use less memory”, “train longer”",
  testing: "e.g. “more creative answers”, “shorter answers”",
};

/**
 * "Describe what you want": a sentence becomes a proposed change set (setting, old → new, why),
 * shown for review; nothing changes until the user applies it. Used on the Training step, and
 * meant for the Testing step's generation settings too.
 */
export function SettingsAssistant({ context, onApply, placeholder, disabled, className, ...props }: SettingsAssistantProps) {
  const inputId = useId();
  const titleId = useId();
  const [sentence, setSentence] = useState("");
  const [applied, setApplied] = useState<number | null>(null);
  const interpret = useInterpret();
  const answer = interpret.data;

  function ask(text: string) {
    const trimmed = text.trim();
    if (!trimmed) return;
    setApplied(null);
    interpret.mutate({ sentence: trimmed, context });
  }

  function apply() {
    if (!answer) return;
    onApply(answer.changes);
    setApplied(answer.changes.length);
    setSentence("");
    interpret.reset();
  }

  return (
    <section aria-labelledby={titleId} className={cn("space-y-3 rounded-lg border bg-muted/20 p-4", className)} {...props}>
      <form
        className="space-y-2"
        onSubmit={(event) => {
          event.preventDefault();
          ask(sentence);
        }}
      >
        <label id={titleId} htmlFor={inputId} className="flex items-center gap-2 text-sm font-medium">
          <WandSparkles aria-hidden="true" className="size-4 text-primary" />
          Describe what you want
        </label>
        <div className="flex flex-col gap-2 sm:flex-row">
          <Input
            id={inputId}
            value={sentence}
            maxLength={1000}
            placeholder={placeholder ?? placeholders[context.step]}
            onChange={(event) => setSentence(event.target.value)}
          />
          <Button type="submit" variant="outline" className="sm:w-auto" disabled={interpret.isPending || !sentence.trim()}>
            {interpret.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Sparkles aria-hidden="true" />}
            Suggest changes
          </Button>
        </div>
      </form>
      <div aria-live="polite" className="empty:hidden">
        {interpret.isError && <ErrorState error={interpret.error} onRetry={() => ask(sentence)} />}
        {answer && (
          <ChangeProposal
            answer={answer}
            disabled={disabled}
            onApply={apply}
            onDismiss={() => interpret.reset()}
            onExample={(example) => {
              setSentence(example);
              ask(example);
            }}
          />
        )}
        {applied !== null && !answer && (
          <p className="text-sm text-muted-foreground">Applied {plural(applied, "change")}.</p>
        )}
      </div>
    </section>
  );
}
