import { useCallback, useEffect, useRef, useState } from "react";

import { ApiError } from "@/lib/errors";
import { socketUrl } from "@/lib/socket-url";

/** What the generate socket takes: GenerateInput (serving/types.py) with a prompt. */
export interface GenerateRequest {
  prompt: string;
  max_new_tokens: number;
  temperature: number;
  top_p: number;
  top_k?: number;
  repetition_penalty?: number;
}

export type AnswerSource = "tuned" | "base";

export interface Answer {
  text: string;
  done: boolean;
  tokens?: number;
  finishReason?: "stop" | "length";
}

export type GenerationStatus = "idle" | "streaming" | "done" | "stopped" | "error";

type Message =
  | { type: "token"; text: string; source: AnswerSource }
  | { type: "done"; text: string; tokens: number; finish_reason: "stop" | "length"; source: AnswerSource }
  | { type: "error"; error: unknown };

const CLOSED_EARLY = new ApiError(
  0,
  "connection_closed",
  "The connection closed before the answer was finished.",
  "Check that the server is still running, then press Generate again.",
);

/**
 * Stream a causal LM's answer over `WS /api/models/{id}/generate`: one request out, then its
 * pieces as they are written — the fine-tuned model's, then (with `compare`) the base model's.
 */
export function useGenerate(modelId: number) {
  const [answers, setAnswers] = useState<Partial<Record<AnswerSource, Answer>>>({});
  const [status, setStatus] = useState<GenerationStatus>("idle");
  const [error, setError] = useState<ApiError | null>(null);
  const socket = useRef<WebSocket | null>(null);

  const stop = useCallback(() => {
    const current = socket.current;
    socket.current = null;
    current?.close();
    setStatus((value) => (value === "streaming" ? "stopped" : value));
  }, []);

  useEffect(() => stop, [stop, modelId]);

  const generate = useCallback(
    (request: GenerateRequest, compare: boolean) => {
      const previous = socket.current;
      socket.current = null; // so its close is not taken for a dropped answer
      previous?.close();
      const current = new WebSocket(socketUrl(`/api/models/${modelId}/generate`));
      socket.current = current;
      const expected = compare ? 2 : 1;
      let finished = 0;
      let failed = false;
      setAnswers(compare ? { tuned: { text: "", done: false }, base: { text: "", done: false } } : { tuned: { text: "", done: false } });
      setError(null);
      setStatus("streaming");

      const update = (source: AnswerSource, change: (answer: Answer) => Answer) =>
        setAnswers((previous) => ({ ...previous, [source]: change(previous[source] ?? { text: "", done: false }) }));

      current.onopen = () => current.send(JSON.stringify(compare ? { ...request, compare: true } : request));
      current.onmessage = (event: MessageEvent<string>) => {
        if (socket.current !== current) return;
        let message: Message;
        try {
          message = JSON.parse(event.data) as Message;
        } catch {
          return; // not JSON: skip the frame, not the answer
        }
        if (message.type === "token") {
          update(message.source, (answer) => ({ ...answer, text: answer.text + message.text }));
        } else if (message.type === "done") {
          finished += 1;
          // the final text is the server's word (a stop sequence may be trimmed); the pieces if it sent none
          update(message.source, (answer) => ({ text: message.text || answer.text, done: true, tokens: message.tokens, finishReason: message.finish_reason }));
          if (finished >= expected) setStatus("done");
        } else if (message.type === "error") {
          failed = true;
          setError(ApiError.from(0, message));
          setStatus("error");
        }
      };
      current.onclose = () => {
        if (socket.current !== current) return; // stopped or replaced on purpose
        socket.current = null;
        if (failed || finished >= expected) return;
        setError(CLOSED_EARLY);
        setStatus("error");
      };
    },
    [modelId],
  );

  return { answers, status, error, generate, stop };
}
