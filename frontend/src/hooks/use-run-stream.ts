import { useCallback, useEffect, useRef, useState } from "react";

import { api, unwrap, type RunEvent } from "@/client";
import { isFinal } from "@/lib/run-events";
import { socketUrl } from "@/lib/socket-url";

export type StreamConnection = "connecting" | "live" | "reconnecting" | "polling" | "ended";

export interface RunStream {
  /** Every event so far, in seq order, each exactly once. */
  events: RunEvent[];
  /** The run's status as last reported by the server (null before the first word). */
  status: string | null;
  connection: StreamConnection;
  /** Set when the server says the run does not exist. */
  error: string | null;
  /** Follow the run again after it ended (a resumed run), from the last event seen. */
  restart: () => void;
}

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 15_000;
const SOCKET_TRIES = 4; // failed connections in a row before falling back to polling
const POLL_MS = 2_000;
const FLUSH_MS = 100; // a backlog of thousands of events renders in a few batches, not one by one

/** Exponential backoff with jitter: ~0.5 s, 1 s, 2 s … capped at 15 s. */
export function backoffDelay(attempt: number, random = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

function streamUrl(runId: number, after: number): string {
  return socketUrl(`/api/runs/${runId}/stream?after=${after}`);
}

type Message =
  | ({ type: "event" } & RunEvent)
  | { type: "status" | "end"; status: string; seq: number }
  | { type: "error"; message: string };

/**
 * Follow a run live over its WebSocket: the backlog after the last seen event, then new ones.
 * A dropped connection reconnects with backoff and resumes after the last seq (so no event is
 * missed or repeated); when WebSockets keep failing it polls the events endpoint instead.
 */
export function useRunStream(runId: number): RunStream {
  const [events, setEvents] = useState<RunEvent[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const [connection, setConnection] = useState<StreamConnection>("connecting");
  const [error, setError] = useState<string | null>(null);
  const [session, setSession] = useState(0);
  const [followed, setFollowed] = useState(runId);
  const lastSeq = useRef({ runId, seq: 0 });

  if (followed !== runId) {
    // Another run: start from a clean slate (React's "adjust state on a prop change" pattern).
    setFollowed(runId);
    setEvents([]);
    setStatus(null);
    setError(null);
    setConnection("connecting");
  }

  useEffect(() => {
    if (lastSeq.current.runId !== runId) lastSeq.current = { runId, seq: 0 };
    const cursor = lastSeq.current;
    let disposed = false;
    let ended = false;
    let failures = 0;
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    let pending: RunEvent[] = [];
    let flushed = cursor.seq; // the last seq handed to React state

    const flush = () => {
      flushTimer = undefined;
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      flushed = batch[batch.length - 1]!.seq;
      setEvents((previous) => [...previous, ...batch]);
    };
    const accept = (event: RunEvent) => {
      if (event.seq <= cursor.seq) return; // already have it (a reconnect's overlap)
      cursor.seq = event.seq;
      pending.push(event);
      flushTimer ??= setTimeout(flush, FLUSH_MS);
    };
    const finish = (final: string) => {
      ended = true;
      flush();
      setStatus(final);
      setConnection("ended");
    };

    const poll = async () => {
      if (disposed || ended) return;
      try {
        const page = unwrap(
          await api.GET("/api/runs/{run_id}/events", {
            params: { path: { run_id: runId }, query: { after: cursor.seq } },
          }),
        );
        if (disposed) return;
        page.data.forEach(accept);
        if (isFinal(page.status) && page.data.length === 0) return finish(page.status);
        setStatus(page.status);
        timer = setTimeout(() => void poll(), page.data.length > 0 ? 0 : POLL_MS);
      } catch {
        timer = setTimeout(() => void poll(), POLL_MS * 2); // the server is away: try again later
      }
    };

    const handle = (message: Message) => {
      if (message.type === "event") {
        accept({ seq: message.seq, kind: message.kind, payload: message.payload, created_at: message.created_at });
      } else if (message.type === "status") {
        setStatus(message.status);
      } else if (message.type === "end") {
        finish(message.status);
      } else if (message.type === "error") {
        ended = true;
        setError(message.message);
        setConnection("ended");
      }
    };

    const connect = () => {
      if (disposed || ended) return;
      if (typeof WebSocket === "undefined") {
        setConnection("polling");
        void poll();
        return;
      }
      const current = new WebSocket(streamUrl(runId, cursor.seq));
      socket = current;
      current.onopen = () => {
        failures = 0;
        setConnection("live");
      };
      current.onmessage = (message: MessageEvent<string>) => {
        if (disposed) return;
        try {
          handle(JSON.parse(message.data) as Message);
        } catch {
          // not JSON: ignore the frame rather than the whole stream
        }
      };
      current.onclose = () => {
        if (socket === current) socket = null;
        if (disposed || ended) return;
        failures += 1;
        if (failures >= SOCKET_TRIES) {
          setConnection("polling");
          void poll();
        } else {
          setConnection("reconnecting");
          timer = setTimeout(connect, backoffDelay(failures));
        }
      };
    };

    connect();
    return () => {
      disposed = true;
      clearTimeout(timer);
      clearTimeout(flushTimer);
      cursor.seq = flushed; // unflushed events are dropped here, so the next session asks again
      socket?.close();
    };
  }, [runId, session]);

  const restart = useCallback(() => {
    setError(null);
    setStatus(null); // the server's next word (queued) replaces the old final state
    setConnection("connecting");
    setSession((value) => value + 1);
  }, []);

  return { events, status, connection, error, restart };
}
