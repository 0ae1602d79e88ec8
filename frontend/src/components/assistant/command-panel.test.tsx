import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import type { CommandReply } from "@/client";
import { makeRun } from "@/test/fixtures";
import { json, mockFetch } from "@/test/mock-fetch";
import { renderWithProviders } from "@/test/render";

import { CommandPanel } from "./command-panel";

type Handlers = Parameters<typeof mockFetch>[0];

/** Answers each command with the next reply, recording the bodies sent; `more` adds the action endpoints. */
function commandServer(replies: CommandReply[], more: Handlers = {}) {
  const sent: { message: string; context: Record<string, unknown> }[] = [];
  const fetchMock = mockFetch({
    "POST /api/assistant/command": async (request) => {
      sent.push((await request.json()) as (typeof sent)[number]);
      return replies[sent.length - 1]!;
    },
    ...more,
  });
  const calls = () =>
    fetchMock.mock.calls
      .map(([request]) => request as Request)
      .filter((request) => !new URL(request.url).pathname.startsWith("/api/assistant"));
  return { sent, calls };
}

function reply(overrides: Partial<CommandReply>): CommandReply {
  return { interpreter: "offline", notice: null, reply: "", action: null, question: null, data: null, examples: null, ...overrides };
}

const train = {
  kind: "train" as const,
  method: "POST" as const,
  path: "/api/runs",
  body: { template_id: "tabular-predictor", dataset_id: 4, overrides: {} },
  summary: "Train a Tabular Predictor on customers (120 rows), predicting churned.",
  needs_confirmation: true,
  then: null,
};

async function openAndSay(message: string) {
  await userEvent.click(screen.getByRole("button", { name: "Assistant" }));
  const box = await screen.findByRole("textbox", { name: "Message to the assistant" });
  expect(box).toHaveFocus();
  await userEvent.type(box, `${message}{Enter}`);
}

afterEach(() => vi.restoreAllMocks());

describe("CommandPanel", () => {
  it("test_question_options_send_the_follow_up_with_the_screen_context", async () => {
    const { sent } = commandServer([
      reply({
        reply: "Which dataset: customers or customers v2 (cleaned)?",
        question: {
          text: "Which dataset: customers or customers v2 (cleaned)?",
          options: [
            { label: "customers", message: "train on dataset #4" },
            { label: "customers v2 (cleaned)", message: "train on dataset #5" },
          ],
        },
      }),
      reply({ reply: "You have no datasets yet." }),
    ]);
    renderWithProviders(<CommandPanel />, { route: "/runs/9" });

    await openAndSay("train on customers");
    const options = await screen.findByRole("group", { name: /which dataset/i });
    await userEvent.click(within(options).getByRole("button", { name: "customers v2 (cleaned)" }));

    expect(await screen.findByText("You have no datasets yet.")).toBeInTheDocument();
    expect(sent).toEqual([
      { message: "train on customers", context: { step: "training", run_id: 9 } },
      { message: "train on dataset #5", context: { step: "training", run_id: 9 } },
    ]);
    const conversation = screen.getByRole("list", { name: "Conversation" });
    expect(within(conversation).getAllByRole("listitem")).toHaveLength(2);
  });

  it("test_confirm_makes_each_call_of_the_action_then_opens_the_run", async () => {
    const setTarget = {
      ...train,
      kind: "set_target" as const,
      method: "PATCH" as const,
      path: "/api/datasets/4",
      body: { roles: { target: "churned" } },
      summary: "Make churned the column to predict in customers, then train.",
      then: train,
    };
    const { calls } = commandServer([reply({ reply: `${setTarget.summary} Confirm to go ahead.`, action: setTarget })], {
      "PATCH /api/datasets/4": { id: 4 },
      "POST /api/runs": () => json(makeRun({ id: 12, status: "queued" }), 201),
    });
    renderWithProviders(<CommandPanel />, { route: "/data/4" });

    await openAndSay("train a model on customers to predict churned");
    const card = await screen.findByRole("region", { name: "Proposed action" });
    expect(within(card).getByText(train.summary)).toBeInTheDocument();
    expect(within(card).getByText("PATCH /api/datasets/4 → POST /api/runs")).toBeInTheDocument();
    expect(within(card).getByText("Confirm to go ahead.")).toBeInTheDocument();
    expect(calls()).toHaveLength(0); // nothing happens before Confirm

    await userEvent.click(within(card).getByRole("button", { name: "Confirm" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/runs/12"));
    const made = calls();
    expect(made.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual(["PATCH /api/datasets/4", "POST /api/runs"]);
    expect(await made[0]!.json()).toEqual({ roles: { target: "churned" } });
    expect(await made[1]!.json()).toEqual(train.body);
    // The run opened, so the panel closed itself.
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("test_cancel_makes_no_call", async () => {
    const { calls } = commandServer([reply({ reply: train.summary, action: train })]);
    renderWithProviders(<CommandPanel />);
    await openAndSay("train on customers");
    await userEvent.click(await screen.findByRole("button", { name: "Cancel" }));
    expect(screen.getByText("Cancelled: nothing was changed.")).toBeInTheDocument();
    expect(calls()).toHaveLength(0);
  });

  it("test_failed_action_shows_the_message_and_hint", async () => {
    commandServer([reply({ reply: train.summary, action: train })], {
      "POST /api/runs": json(
        { error: { code: "no_target", message: "customers has no column to predict.", hint: "Choose the target column on the Data step." } },
        409,
      ),
    });
    renderWithProviders(<CommandPanel />);
    await openAndSay("train on customers");
    await userEvent.click(await screen.findByRole("button", { name: "Confirm" }));
    expect(await screen.findByText("customers has no column to predict.")).toBeInTheDocument();
    expect(screen.getByText("Choose the target column on the Data step.")).toBeInTheDocument();
    expect(screen.getByTestId("location")).toHaveTextContent(/^\/$/);
  });

  it("test_read_only_actions_run_at_once", async () => {
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
    const usage = { kind: "usage" as const, method: "GET" as const, path: "/api/deployments/3/usage", body: null, summary: "Requests, errors and latency of support-bot.", needs_confirmation: false, then: null };
    const download = { ...usage, kind: "download" as const, path: "/api/models/5/download?format=onnx", summary: "Download tickets v1 as onnx." };
    const { calls } = commandServer([reply({ reply: usage.summary, action: usage }), reply({ reply: download.summary, action: download })], {
      "GET /api/deployments/3/usage": { window_days: 7, totals: { requests: 120, errors: 3, error_rate: 0.025, p50_ms: 41.5, p95_ms: 120, tokens: 0 } },
    });
    renderWithProviders(<CommandPanel />);

    await openAndSay("how is support-bot doing?");
    expect(await screen.findByText("Usage over the last 7 days:")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Confirm" })).not.toBeInTheDocument();
    expect(screen.getByText("120")).toBeInTheDocument();
    expect(screen.getByText("3 (2.5%)")).toBeInTheDocument();
    expect(calls().map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual(["GET /api/deployments/3/usage"]);

    await userEvent.type(screen.getByRole("textbox", { name: "Message to the assistant" }), "download tickets as onnx{Enter}");
    expect(await screen.findByText("The download has started.")).toBeInTheDocument();
    expect(click).toHaveBeenCalledOnce();
    expect((click.mock.contexts[0] as HTMLAnchorElement).getAttribute("href")).toBe("/api/models/5/download?format=onnx");
    expect(screen.getByRole("link", { name: /download again/i })).toHaveAttribute("href", download.path);
  });

  it("test_comparison_shows_as_a_table_and_escape_closes", async () => {
    commandServer([
      reply({
        reply: "Run 3 vs run 5: accuracy 0.8 vs 0.9 (run 5 better).",
        data: { runs: [3, 5], metrics: [{ name: "accuracy", a: 0.8, b: 0.9, better: 5 }], settings: [{ name: "epochs", a: 3, b: 6 }] },
      }),
    ]);
    renderWithProviders(<CommandPanel />);
    await openAndSay("compare runs 3 and 5");

    const table = await screen.findByRole("table", { name: "Run 3 compared with run 5" });
    const rows = within(table).getAllByRole("row");
    expect(rows[1]).toHaveTextContent(/Accuracy\s*80%\s*90% \(better\)/);
    expect(rows[3]).toHaveTextContent(/Epochs\s*3\s*6/);

    await userEvent.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(screen.getByRole("button", { name: "Assistant" })).toHaveFocus();
    // The conversation is kept for the session.
    await userEvent.click(screen.getByRole("button", { name: "Assistant" }));
    expect(await screen.findByRole("table", { name: "Run 3 compared with run 5" })).toBeInTheDocument();
  });
});
