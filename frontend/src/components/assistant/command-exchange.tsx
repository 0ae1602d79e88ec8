import { Info, Loader2 } from "lucide-react";

import type { CommandReply } from "@/client";
import { ErrorState } from "@/components/common/error-state";
import { Button } from "@/components/ui/button";
import type { Exchange } from "@/hooks/use-command-conversation";
import { cn } from "@/lib/utils";

import { ActionCard } from "./action-card";
import { RunComparison } from "./run-comparison";

interface CommandExchangeProps extends React.ComponentProps<"li"> {
  exchange: Exchange;
  /** Send a follow-up: a question's option or an example phrasing. */
  onSend: (message: string) => void;
  onConfirm: () => void;
  onCancel: () => void;
}

/** The reply's words that the action card does not already say (its summary). */
function noteBesides(reply: CommandReply): string {
  const summary = reply.action?.summary ?? "";
  return summary && reply.reply.startsWith(summary) ? reply.reply.slice(summary.length).trim() : reply.reply;
}

/** One message and its answer: words, a question with options, an action to confirm, a comparison. */
export function CommandExchange({ exchange, onSend, onConfirm, onCancel, className, ...props }: CommandExchangeProps) {
  const { message, reply, error, action } = exchange;
  return (
    <li className={cn("space-y-2", className)} {...props}>
      <p className="ml-auto w-fit max-w-[85%] rounded-lg bg-primary px-3 py-2 text-sm break-words text-primary-foreground">
        <span className="sr-only">You: </span>
        {message}
      </p>
      {!reply && !error && (
        <p role="status" className="flex items-center gap-2 text-sm text-muted-foreground">
          <Loader2 aria-hidden="true" className="size-4 animate-spin" /> Thinking…
        </p>
      )}
      {error !== undefined && <ErrorState error={error} />}
      {reply && (
        <div className="space-y-2 text-sm">
          {reply.notice && (
            <p className="flex gap-2 text-xs text-muted-foreground">
              <Info aria-hidden="true" className="mt-px size-3.5 shrink-0" /> {reply.notice}
            </p>
          )}
          {reply.action && action ? (
            <ActionCard action={reply.action} state={action} note={noteBesides(reply)} onConfirm={onConfirm} onCancel={onCancel} />
          ) : (
            <p className="w-fit max-w-[95%] rounded-lg border bg-card px-3 py-2 text-pretty">{reply.reply}</p>
          )}
          {reply.question && (
            <div role="group" aria-label={reply.question.text} className="flex flex-wrap gap-2">
              {reply.question.options.map((option) => (
                <Button key={option.message} variant="outline" size="sm" className="h-auto min-h-8 py-1.5 whitespace-normal" onClick={() => onSend(option.message)}>
                  {option.label}
                </Button>
              ))}
            </div>
          )}
          {reply.data && <RunComparison data={reply.data} />}
          {reply.examples && reply.examples.length > 0 && (
            <div role="group" aria-label="Things you can say" className="flex flex-wrap gap-1.5">
              {reply.examples.map((example) => (
                <Button key={example} variant="ghost" size="sm" className="h-auto min-h-7 border border-dashed py-1 text-xs whitespace-normal" onClick={() => onSend(example)}>
                  {example}
                </Button>
              ))}
            </div>
          )}
        </div>
      )}
    </li>
  );
}
