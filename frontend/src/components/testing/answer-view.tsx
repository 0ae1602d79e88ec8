import { Loader2 } from "lucide-react";

import type { Answer } from "@/hooks/use-generate";
import { plural } from "@/lib/format";
import { cn } from "@/lib/utils";

interface AnswerViewProps extends React.ComponentProps<"section"> {
  title: string;
  answer: Answer | undefined;
  /** The stream is open and this answer has not finished. */
  active: boolean;
  /** Said while this answer waits its turn (the base model answers after the tuned one). */
  waiting?: string;
}

function statusOf(answer: Answer | undefined, active: boolean, waiting?: string): string {
  if (!answer) return "Press Generate to see its answer.";
  if (answer.done) {
    const why = answer.finishReason === "length" ? "stopped at the length limit" : "finished its answer";
    return `${plural(answer.tokens ?? 0, "token")} · ${why}`;
  }
  if (!active) return "Stopped.";
  return answer.text ? "Writing…" : (waiting ?? "Thinking…");
}

/** One model's answer as it streams in, with how it ended. */
export function AnswerView({ title, answer, active, waiting, className, ...props }: AnswerViewProps) {
  const writing = active && answer !== undefined && !answer.done;
  return (
    <section aria-label={title} aria-busy={writing} className={cn("flex min-w-0 flex-col gap-2 rounded-lg border p-4", className)} {...props}>
      <h4 className="text-sm font-medium">{title}</h4>
      <p aria-live="polite" className={cn("min-h-16 text-sm whitespace-pre-wrap break-words", !answer?.text && "text-muted-foreground")}>
        {answer?.text || "—"}
      </p>
      <p className="mt-auto flex items-center gap-1.5 text-xs text-muted-foreground">
        {writing && <Loader2 aria-hidden="true" className="size-3.5 animate-spin" />}
        {statusOf(answer, active, waiting)}
      </p>
    </section>
  );
}
