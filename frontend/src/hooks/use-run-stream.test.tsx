import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { FakeWebSocket } from "@/test/fake-websocket";
import { makeEvent } from "@/test/fixtures";
import { mockFetch } from "@/test/mock-fetch";

import { backoffDelay, useRunStream } from "./use-run-stream";

const event = (seq: number) => ({ type: "event", ...makeEvent(seq, "step", { step: seq, loss: 1 / seq }) });

describe("useRunStream", () => {
  beforeEach(() => {
    FakeWebSocket.install();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it("test_reconnect_resumes_after_the_last_seq_without_duplicates", () => {
    const { result } = renderHook(() => useRunStream(3));
    const first = FakeWebSocket.last;
    expect(new URL(first.url).pathname).toBe("/api/runs/3/stream");
    expect(first.after).toBe(0);

    act(() => {
      first.open();
      first.send(event(1));
      first.send(event(2));
      first.send({ type: "status", status: "training", seq: 2 });
      vi.advanceTimersByTime(200);
    });
    expect(result.current.events.map((e) => e.seq)).toEqual([1, 2]);
    expect(result.current).toMatchObject({ status: "training", connection: "live" });

    act(() => first.drop());
    expect(result.current.connection).toBe("reconnecting");
    act(() => vi.advanceTimersByTime(1_000));
    const second = FakeWebSocket.last;
    expect(second).not.toBe(first);
    expect(second.after).toBe(2);

    act(() => {
      second.open();
      second.send(event(2)); // an overlap must not show twice
      second.send(event(3));
      second.send({ type: "end", status: "succeeded", seq: 3 });
      second.close();
    });
    expect(result.current.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(result.current).toMatchObject({ status: "succeeded", connection: "ended" });
    act(() => vi.advanceTimersByTime(60_000));
    expect(FakeWebSocket.instances).toHaveLength(2); // an ended run is not reconnected
  });

  it("test_falls_back_to_polling_when_websockets_keep_failing", async () => {
    const asked: number[] = [];
    mockFetch({
      "GET /api/runs/3/events": (_request, url) => {
        const after = Number(url.searchParams.get("after"));
        asked.push(after);
        return after === 0
          ? { data: [makeEvent(1, "phase", { phase: "training" })], status: "training" }
          : { data: [], status: "succeeded" };
      },
    });
    const { result } = renderHook(() => useRunStream(3));

    for (let attempt = 0; attempt < 4; attempt += 1) {
      act(() => FakeWebSocket.last.drop());
      await act(() => vi.advanceTimersByTimeAsync(backoffDelay(attempt + 1, () => 1) + 1));
    }
    expect(FakeWebSocket.instances).toHaveLength(4);
    await act(() => vi.advanceTimersByTimeAsync(5_000));

    expect(asked).toEqual([0, 1]);
    expect(result.current.events.map((e) => e.seq)).toEqual([1]);
    expect(result.current).toMatchObject({ status: "succeeded", connection: "ended" });
  });

  it("test_backoff_doubles_up_to_a_cap", () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 10].map((n) => backoffDelay(n, middle))).toEqual([500, 1000, 2000, 4000, 15000]);
  });
});
