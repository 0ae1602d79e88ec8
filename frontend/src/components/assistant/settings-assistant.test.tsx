import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type { Interpretation, PlanRequest, SettingsContext } from "@/client";
import { PlanPanel } from "@/components/training/plan-panel";
import { makeDataset, makePlan, makeTemplate } from "@/test/fixtures";
import { json, mockFetch } from "@/test/mock-fetch";
import { renderWithProviders } from "@/test/render";

import { SettingsAssistant } from "./settings-assistant";

const context: SettingsContext = { step: "training", task: "classifier", template_id: "text-classifier", settings: { epochs: 3, batch_size: 8 } };

const longer: Interpretation = {
  interpreter: "offline",
  notice: null,
  message: "2 changes: epochs 3 → 6; batch size 8 → 4. Review and confirm to apply.",
  changes: [
    { setting: "epochs", old: 3, new: 6, reason: "More passes over the data give the model more time to learn." },
    { setting: "batch_size", old: 8, new: 4, reason: "A smaller batch holds fewer examples in memory at once." },
  ],
};

/** Answers POST /api/assistant/interpret with `answer`, recording each request body. */
function interpretServer(answer: Interpretation | ((sentence: string) => Interpretation)) {
  const bodies: { sentence: string; context: SettingsContext }[] = [];
  mockFetch({
    "POST /api/assistant/interpret": async (request) => {
      const body = (await request.json()) as { sentence: string; context: SettingsContext };
      bodies.push(body);
      return typeof answer === "function" ? answer(body.sentence) : answer;
    },
  });
  return bodies;
}

async function ask(sentence: string) {
  await userEvent.type(screen.getByRole("textbox", { name: /describe what you want/i }), sentence);
  await userEvent.click(screen.getByRole("button", { name: /suggest changes/i }));
}

describe("SettingsAssistant", () => {
  it("test_sentence_shows_the_change_set_and_applies_only_on_confirm", async () => {
    const bodies = interpretServer(longer);
    const onApply = vi.fn();
    renderWithProviders(<SettingsAssistant context={context} onApply={onApply} />);

    await ask("train longer");
    const list = await screen.findByRole("list", { name: "Proposed changes" });
    const [epochs, batch] = within(list).getAllByRole("listitem");
    expect(epochs).toHaveTextContent("Epochs");
    expect(epochs).toHaveTextContent(/3\s*becomes\s*6/);
    expect(epochs).toHaveTextContent("More passes over the data");
    expect(batch).toHaveTextContent(/8 examples\s*becomes\s*4 examples/);
    expect(screen.getByText(longer.message)).toBeInTheDocument();
    expect(bodies).toEqual([{ sentence: "train longer", context }]);
    expect(onApply).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole("button", { name: /apply changes/i }));
    expect(onApply).toHaveBeenCalledExactlyOnceWith(longer.changes);
    expect(screen.queryByRole("list", { name: "Proposed changes" })).not.toBeInTheDocument();
    expect(screen.getByText("Applied 2 changes.")).toBeInTheDocument();
  });

  it("test_dismiss_applies_nothing", async () => {
    interpretServer(longer);
    const onApply = vi.fn();
    renderWithProviders(<SettingsAssistant context={context} onApply={onApply} />);
    await ask("train longer");
    await userEvent.click(await screen.findByRole("button", { name: /dismiss/i }));
    expect(screen.queryByRole("list", { name: "Proposed changes" })).not.toBeInTheDocument();
    expect(onApply).not.toHaveBeenCalled();
  });

  it("test_notice_and_examples_when_not_understood", async () => {
    const bodies = interpretServer((sentence) =>
      sentence === "train longer"
        ? longer
        : {
            interpreter: "offline",
            notice: "Claude did not answer in time; used the offline rules.",
            changes: [],
            message: "I didn't understand “make it pop” — try “train longer” or “use less memory”.",
            examples: ["train longer", "use less memory"],
          },
    );
    renderWithProviders(<SettingsAssistant context={context} onApply={vi.fn()} />);

    await ask("make it pop");
    expect(await screen.findByText("Claude did not answer in time; used the offline rules.")).toBeInTheDocument();
    expect(screen.getByText(/I didn't understand/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /apply changes/i })).not.toBeInTheDocument();

    await userEvent.click(within(screen.getByRole("group", { name: "Phrasings that work" })).getByRole("button", { name: "train longer" }));
    expect(await screen.findByRole("list", { name: "Proposed changes" })).toBeInTheDocument();
    expect(bodies.map((body) => body.sentence)).toEqual(["make it pop", "train longer"]);
  });

  it("test_refused_sentence_shows_message_and_hint", async () => {
    mockFetch({
      "POST /api/assistant/interpret": json(
        { error: { code: "invalid_input", message: "sentence: String should have at most 1000 characters", hint: "Say it in fewer words." } },
        422,
      ),
    });
    renderWithProviders(<SettingsAssistant context={context} onApply={vi.fn()} />);
    await ask("x");
    expect(await screen.findByText("sentence: String should have at most 1000 characters")).toBeInTheDocument();
    expect(screen.getByText("Say it in fewer words.")).toBeInTheDocument();
  });

  it("test_applied_changes_replan_with_overrides_and_base_model", async () => {
    const template = makeTemplate({ alternative_models: ["prajjwal1/bert-tiny"] });
    const planned: PlanRequest[] = [];
    const interpreted: { context: SettingsContext }[] = [];
    mockFetch({
      "POST /api/runs/plan": async (request) => {
        planned.push((await request.json()) as PlanRequest);
        return makePlan();
      },
      "POST /api/assistant/interpret": async (request) => {
        interpreted.push((await request.json()) as { context: SettingsContext });
        return {
          ...longer,
          changes: [
            { setting: "epochs", old: 5, new: 10, reason: "More passes." },
            { setting: "base_model", old: "distilbert-base-uncased", new: "prajjwal1/bert-tiny", reason: "Smaller and faster." },
          ],
        };
      },
    });
    renderWithProviders(<PlanPanel template={template} dataset={makeDataset()} />);

    await screen.findByRole("list", { name: "Settings and why" });
    await ask("use the small model and train longer");
    await userEvent.click(await screen.findByRole("button", { name: /apply changes/i }));

    await waitFor(() => expect(planned).toHaveLength(2));
    expect(planned[1]).toEqual({
      template_id: "text-classifier",
      dataset_id: 1,
      preset: "beginner",
      overrides: { epochs: 10 },
      base_model: "prajjwal1/bert-tiny",
    });
    expect(interpreted[0]!.context).toMatchObject({
      step: "training",
      task: "classifier",
      template_id: "text-classifier",
      settings: { epochs: 5, learning_rate: 0.00005, base_model: { hub_id: "distilbert-base-uncased" } },
    });
  });
});
