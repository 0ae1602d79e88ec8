import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";

import type { Run } from "@/client";
import { FakeWebSocket } from "@/test/fake-websocket";
import { makeEvent, makeModel, makeRun, makeTemplate } from "@/test/fixtures";
import { mockFetch } from "@/test/mock-fetch";
import { renderWithProviders } from "@/test/render";

import { RunView } from "./run-view";

const template = makeTemplate();

/** The run endpoint answers with whatever `state.run` holds when asked. */
function server(run: Run, extra: Parameters<typeof mockFetch>[0] = {}) {
  const state = { run };
  const fetchMock = mockFetch({
    "GET /api/runs/3": () => state.run,
    "GET /api/templates": { data: [template], count: 1 },
    ...extra,
  });
  return { state, fetchMock };
}

async function connected(): Promise<FakeWebSocket> {
  await waitFor(() => expect(FakeWebSocket.instances.length).toBeGreaterThan(0));
  const socket = FakeWebSocket.last;
  act(() => socket.open());
  return socket;
}

function send(socket: FakeWebSocket, ...messages: object[]) {
  act(() => messages.forEach((message) => socket.send(message)));
}

const event = (seq: number, kind: string, payload: Record<string, unknown>) => ({ type: "event", ...makeEvent(seq, kind, payload) });

describe("RunView", () => {
  beforeEach(() => FakeWebSocket.install());

  it("test_progress_phase_and_curves_follow_the_events", async () => {
    server(makeRun({ status: "training" }));
    renderWithProviders(<RunView runId={3} />);
    const socket = await connected();
    expect(socket.after).toBe(0);

    send(
      socket,
      event(1, "phase", { phase: "preparing" }),
      event(2, "phase", { phase: "training" }),
      event(3, "step", { step: 5, total_steps: 40, epoch: 0.6, loss: 1.9, learning_rate: 5e-5, samples_per_s: 12.5, elapsed_s: 4, eta_s: 40 }),
      event(4, "step", { step: 10, total_steps: 40, epoch: 1.2, loss: 1.1, learning_rate: 4e-5, samples_per_s: 12.5, elapsed_s: 8, eta_s: 30 }),
      event(5, "eval", { step: 10, val_loss: 1.3, accuracy: 0.75 }),
      { type: "status", status: "training", seq: 5 },
    );

    await waitFor(() => expect(screen.getByRole("progressbar", { name: "Training progress" })).toHaveAttribute("aria-valuenow", "25"));
    expect(screen.getByText("Step 10 of 40")).toBeInTheDocument();
    expect(screen.getByText(/About 30 s left/)).toBeInTheDocument();
    expect(screen.getByText(template.phase_explanations.training)).toBeInTheDocument();
    expect(within(screen.getByRole("list", { name: "Run phases" })).getByRole("listitem", { current: "step" })).toHaveTextContent("Training");

    const figures = screen.getByLabelText("Latest figures");
    for (const value of ["1.2 of 5", "1.1", "1.3", "75%", "12.5", "examples/s"]) {
      expect(within(figures).getByText(value)).toBeInTheDocument();
    }
    expect(within(figures).getByRole("button", { name: "What is epoch?" })).toBeInTheDocument();
    expect(screen.getByRole("img", { name: /loss by step: training loss from 1.9 to 1.1/i })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Stop training" })).toBeEnabled();
  });

  it("test_succeeded_run_shows_the_verdict_words_first_then_numbers", async () => {
    const { state } = server(makeRun({ status: "evaluating" }), { "GET /api/models/5": makeModel() });
    renderWithProviders(<RunView runId={3} />);
    const socket = await connected();

    state.run = makeRun({ status: "succeeded", model_version_id: 5, finished_at: "2025-01-01T12:05:00Z" });
    send(socket, event(1, "log", { message: "Model saved.", model_version_id: 5 }), { type: "status", status: "succeeded", seq: 1 }, { type: "end", status: "succeeded", seq: 1 });

    const headline = await screen.findByText("Passed: on texts it has never seen, it is right 91% of the time (baseline 62%).");
    expect(screen.getByText("Passed")).toBeInTheDocument();
    expect(screen.getByText("Recognises 'praise' best (100% found) and 'question' worst (80% found).")).toBeInTheDocument();
    expect(screen.getByText("Add more examples of 'question' (4 in training now).")).toBeInTheDocument();
    const numbers = screen.getByRole("region", { name: "The numbers" });
    expect(within(numbers).getByText("91%").previousElementSibling).toHaveTextContent(/^Accuracy/);
    expect(within(numbers).getByText("1 min 24 s").previousElementSibling).toHaveTextContent("Training time");
    expect(numbers).not.toHaveTextContent("Loss curve");
    expect(screen.getByRole("region", { name: "Quality checks" })).toHaveTextContent("Better than guessing91% (threshold 66%)");
    expect(headline.compareDocumentPosition(numbers) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.getByRole("link", { name: /train again/i })).toHaveAttribute("href", "/training?dataset=1&template=text-classifier");
    expect(screen.getByRole("link", { name: "Test this model" })).toHaveAttribute("href", "/testing?model=5");
  });

  it("test_failed_run_shows_the_error_with_its_fix_and_resumes", async () => {
    const error = { code: "out_of_memory", message: "Training ran out of memory.", hint: "Lower max_length or batch_size, then start again." };
    const { state } = server(makeRun({ status: "failed", error }), {
      "POST /api/runs/3/resume": () => makeRun({ status: "queued" }),
    });
    renderWithProviders(<RunView runId={3} />);
    const socket = await connected();
    send(socket, event(1, "phase", { phase: "training" }), event(2, "log", error), { type: "status", status: "failed", seq: 2 }, { type: "end", status: "failed", seq: 2 });

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent(error.message);
    expect(alert).toHaveTextContent(error.hint);
    expect(within(screen.getByRole("list", { name: "Run phases" })).getByRole("listitem", { current: "step" })).toHaveTextContent("Training (stopped here)");

    state.run = makeRun({ status: "queued" });
    await userEvent.click(screen.getByRole("button", { name: "Resume" }));
    await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(2));
    expect(FakeWebSocket.last.after).toBe(2); // the resumed run's stream continues after the events already shown
  });
});
