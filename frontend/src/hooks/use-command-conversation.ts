import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { useNavigate } from "react-router";

import { api, unwrap, type AssistantAction, type CommandReply } from "@/client";
import { useCommandContext } from "@/hooks/use-assistant";
import { actionRefreshes, actionSteps, describeOutcome, performAction, type ActionOutcome } from "@/lib/assistant-actions";

const HISTORY = 20; // exchanges kept in the panel for this session

/** Where an action proposed by a reply stands. */
export type ActionState =
  | { status: "waiting" }
  | { status: "running" }
  | { status: "cancelled" }
  | { status: "done"; outcome: ActionOutcome }
  | { status: "failed"; error: unknown };

/** One message and the assistant's answer (or the error that came instead). */
export interface Exchange {
  id: number;
  message: string;
  reply?: CommandReply;
  error?: unknown;
  action?: ActionState;
}

/**
 * The command panel's conversation: send a message with what the screen shows, then confirm or
 * cancel the action a reply proposes. Read-only actions (usage, download) run at once; a queued
 * run is opened (`onNavigate` lets the panel close itself).
 */
export function useCommandConversation({ onNavigate }: { onNavigate?: () => void } = {}) {
  const [exchanges, setExchanges] = useState<Exchange[]>([]);
  const nextId = useRef(1);
  const context = useCommandContext();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  const update = useCallback((id: number, patch: Partial<Exchange>) => {
    setExchanges((list) => list.map((exchange) => (exchange.id === id ? { ...exchange, ...patch } : exchange)));
  }, []);

  const run = useCallback(
    async (id: number, action: AssistantAction) => {
      update(id, { action: { status: "running" } });
      try {
        const { last, result } = await performAction(action);
        for (const key of actionSteps(action).flatMap((step) => actionRefreshes[step.kind])) {
          void queryClient.invalidateQueries({ queryKey: key });
        }
        const outcome = describeOutcome(last, result);
        update(id, { action: { status: "done", outcome } });
        if (outcome.to) {
          onNavigate?.();
          void navigate(outcome.to);
        }
      } catch (error) {
        update(id, { action: { status: "failed", error } });
      }
    },
    [navigate, onNavigate, queryClient, update],
  );

  const send = useCallback(
    async (message: string) => {
      const id = nextId.current++;
      setExchanges((list) => [...list.slice(1 - HISTORY), { id, message }]);
      try {
        const reply = unwrap(await api.POST("/api/assistant/command", { body: { message, context } }));
        const action = reply.action;
        update(id, { reply, action: action ? { status: action.needs_confirmation ? "waiting" : "running" } : undefined });
        if (action && !action.needs_confirmation) await run(id, action);
      } catch (error) {
        update(id, { error });
      }
    },
    [context, run, update],
  );

  const confirm = useCallback((exchange: Exchange) => exchange.reply?.action && run(exchange.id, exchange.reply.action), [run]);
  const cancel = useCallback((exchange: Exchange) => update(exchange.id, { action: { status: "cancelled" } }), [update]);
  const clear = useCallback(() => setExchanges([]), []);

  return { exchanges, send, confirm, cancel, clear };
}
