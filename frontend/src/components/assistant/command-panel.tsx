import { MessageSquareText, SendHorizontal, Trash2 } from "lucide-react";
import { useEffect, useId, useRef, useState } from "react";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle, SheetTrigger } from "@/components/ui/sheet";
import { useCommandConversation } from "@/hooks/use-command-conversation";

import { CommandExchange } from "./command-exchange";

const STARTERS = ["what can you do?", "list my datasets", "compare the last two runs", "what is perplexity?"];

/**
 * The assistant, from the header: a side sheet where a message becomes an answer, a question or an
 * action to confirm. The conversation lasts for the session (closing the sheet keeps it).
 */
export function CommandPanel() {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState("");
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const endRef = useRef<HTMLDivElement>(null);
  const { exchanges, send, confirm, cancel, clear } = useCommandConversation({ onNavigate: () => setOpen(false) });

  useEffect(() => {
    endRef.current?.scrollIntoView({ block: "end" });
  }, [exchanges]);

  function submit(message: string) {
    const text = message.trim();
    if (!text) return;
    setDraft("");
    void send(text);
  }

  return (
    <Sheet open={open} onOpenChange={setOpen}>
      <SheetTrigger asChild>
        <Button variant="outline" size="sm" aria-label="Assistant">
          <MessageSquareText aria-hidden="true" />
          <span className="hidden sm:inline">Assistant</span>
        </Button>
      </SheetTrigger>
      <SheetContent
        className="w-full gap-0 sm:max-w-md"
        onOpenAutoFocus={(event) => {
          event.preventDefault();
          inputRef.current?.focus();
        }}
      >
        <SheetHeader className="border-b pr-12">
          <SheetTitle>Assistant</SheetTitle>
          <SheetDescription>
            Say what to do in plain words. Anything that starts work or changes something waits for your Confirm.
          </SheetDescription>
        </SheetHeader>
        <div className="min-h-0 flex-1 overflow-y-auto p-4">
          {exchanges.length === 0 ? (
            <div className="space-y-3 text-sm">
              <p className="text-muted-foreground">
                Try “train a model on <em>your dataset</em> to predict <em>a column</em>”, or one of these:
              </p>
              <div role="group" aria-label="Things you can say" className="flex flex-wrap gap-2">
                {STARTERS.map((starter) => (
                  <Button key={starter} variant="outline" size="sm" onClick={() => submit(starter)}>
                    {starter}
                  </Button>
                ))}
              </div>
            </div>
          ) : (
            <ol aria-label="Conversation" aria-live="polite" className="space-y-5">
              {exchanges.map((exchange) => (
                <CommandExchange
                  key={exchange.id}
                  exchange={exchange}
                  onSend={submit}
                  onConfirm={() => void confirm(exchange)}
                  onCancel={() => cancel(exchange)}
                />
              ))}
            </ol>
          )}
          <div ref={endRef} />
        </div>
        <form
          className="flex items-center gap-2 border-t p-4"
          onSubmit={(event) => {
            event.preventDefault();
            submit(draft);
          }}
        >
          <label htmlFor={inputId} className="sr-only">
            Message to the assistant
          </label>
          <Input
            ref={inputRef}
            id={inputId}
            value={draft}
            maxLength={1000}
            autoComplete="off"
            placeholder="e.g. train a model on sales"
            onChange={(event) => setDraft(event.target.value)}
          />
          <Button type="submit" size="icon" aria-label="Send" disabled={!draft.trim()}>
            <SendHorizontal aria-hidden="true" />
          </Button>
          {exchanges.length > 0 && (
            <Button type="button" variant="ghost" size="icon" aria-label="Clear the conversation" onClick={clear}>
              <Trash2 aria-hidden="true" />
            </Button>
          )}
        </form>
      </SheetContent>
    </Sheet>
  );
}
