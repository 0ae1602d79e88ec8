import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";

import { FakeWebSocket } from "@/test/fake-websocket";
import { makeModel, makeTemplate } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";

import { GenerationPanel } from "./generation-panel";

const model = makeModel({ id: 5, task: "causal_lm", template_id: "style-writer" });
const template = makeTemplate({
  id: "style-writer",
  task: "causal_lm",
  sample_prompts: ["Write a haiku about rain.", "Describe our new kettle."],
  generation_defaults: { temperature: 0.8, top_p: 0.95, top_k: 40, max_new_tokens: 96, repetition_penalty: 1.15 },
});

async function opened(): Promise<FakeWebSocket> {
  await waitFor(() => expect(FakeWebSocket.instances.length).toBe(1));
  const socket = FakeWebSocket.last;
  act(() => socket.open());
  return socket;
}

const say = (socket: FakeWebSocket, ...messages: object[]) => act(() => messages.forEach((message) => socket.send(message)));

describe("GenerationPanel", () => {
  beforeEach(() => FakeWebSocket.install());

  it("test_streams_the_tuned_and_base_answers_side_by_side", async () => {
    renderWithProviders(<GenerationPanel model={model} template={template} />);

    const prompt = screen.getByLabelText("Your prompt");
    expect(prompt).toHaveValue("Write a haiku about rain.");
    await userEvent.click(screen.getByRole("button", { name: "Describe our new kettle." }));
    expect(prompt).toHaveValue("Describe our new kettle.");

    const temperature = screen.getByRole("slider", { name: "Temperature" });
    expect(temperature).toHaveAttribute("aria-valuetext", "0.80");
    expect(temperature).toHaveAccessibleDescription(/more varied/);
    fireEvent.change(temperature, { target: { value: "0.3" } });
    expect(temperature).toHaveAttribute("aria-valuetext", "0.30");
    expect(screen.getByRole("slider", { name: "Max new tokens" })).toHaveValue("96");
    expect(screen.getByRole("slider", { name: "Top-p" })).toHaveAccessibleDescription(/likeliest words/);

    const compare = screen.getByRole("switch", { name: "Compare with the base model" });
    await userEvent.click(compare);
    expect(compare).toBeChecked();
    await userEvent.click(screen.getByRole("button", { name: "Generate" }));

    const socket = await opened();
    expect(socket.url).toBe(`ws://${location.host}/api/models/5/generate`);
    expect(socket.sent).toEqual([
      { prompt: "Describe our new kettle.", temperature: 0.3, top_p: 0.95, top_k: 40, max_new_tokens: 96, repetition_penalty: 1.15, compare: true },
    ]);
    expect(screen.getByRole("button", { name: "Stop" })).toBeInTheDocument();

    say(socket, { type: "token", text: "Shiny ", source: "tuned" }, { type: "token", text: "steel.", source: "tuned" });
    const tuned = screen.getByRole("region", { name: "Fine-tuned model" });
    const base = screen.getByRole("region", { name: "Base model (before fine-tuning)" });
    expect(tuned).toHaveTextContent("Shiny steel.");
    expect(tuned).toHaveAttribute("aria-busy", "true");
    expect(base).toHaveTextContent("Starts when the fine-tuned answer is done.");

    say(
      socket,
      { type: "done", text: "Shiny steel.", tokens: 3, finish_reason: "stop", source: "tuned" },
      { type: "token", text: "A kettle is a pot.", source: "base" },
      { type: "done", text: "A kettle is a pot.", tokens: 96, finish_reason: "length", source: "base" },
    );
    act(() => socket.drop()); // the server closes after the last answer
    expect(tuned).toHaveTextContent("3 tokens · finished its answer");
    expect(base).toHaveTextContent("A kettle is a pot.");
    expect(base).toHaveTextContent("96 tokens · stopped at the length limit");
    expect(screen.getByRole("button", { name: "Generate" })).toBeEnabled();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("test_server_error_shows_its_message_and_hint", async () => {
    renderWithProviders(<GenerationPanel model={model} template={template} />);
    await userEvent.click(screen.getByRole("button", { name: "Generate" }));
    const socket = await opened();
    expect(socket.sent).toEqual([expect.not.objectContaining({ compare: true })]);

    say(socket, { type: "error", error: { code: "model_unavailable", message: "Model 5's files are gone.", hint: "Train it again." } });
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Model 5's files are gone.");
    expect(alert).toHaveTextContent("Train it again.");
  });

  it("test_connection_lost_mid_answer_is_an_error_not_silence", async () => {
    renderWithProviders(<GenerationPanel model={model} template={template} />);
    await userEvent.click(screen.getByRole("button", { name: "Generate" }));
    const socket = await opened();
    say(socket, { type: "token", text: "Half", source: "tuned" });
    act(() => socket.drop());
    expect(await screen.findByRole("alert")).toHaveTextContent("The connection closed before the answer was finished.");
    expect(screen.getByRole("region", { name: "Answer" })).toHaveTextContent("Half");
  });
});
