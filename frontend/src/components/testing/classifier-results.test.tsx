import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { ClassifyOutput } from "@/client";
import { makeModel, makeTemplate } from "@/test/fixtures";
import { mockFetch } from "@/test/mock-fetch";
import { renderWithProviders } from "@/test/render";

import { ClassifierPanel } from "./classifier-panel";
import { ClassifierResults } from "./classifier-results";

const output: ClassifyOutput = {
  predictions: [
    { label: "complaint", probabilities: { praise: 0.05, complaint: 0.87, question: 0.08 } },
    { label: "question", probabilities: { praise: 0.1, complaint: 0.2, question: 0.7 } },
  ],
  attention: [
    { tokens: ["[CLS]", "parcel", "arrived", "broken", "##ly", "[SEP]"], weights: [0.5, 0.05, 0.05, 0.3, 0.1, 0.0] },
    { tokens: ["[CLS]", "do", "you", "ship", "[SEP]"], weights: [0.4, 0.1, 0.1, 0.4, 0.0] },
  ],
};

describe("ClassifierResults", () => {
  it("test_each_text_shows_its_label_probabilities_and_attention", () => {
    renderWithProviders(<ClassifierResults texts={["parcel arrived brokenly", "do you ship"]} output={output} />);

    const first = screen.getByRole("listitem", { name: "Text 1: complaint" });
    expect(first).toHaveTextContent("87% sure");
    const bars = within(first).getByRole("list", { name: "Probabilities" });
    const rows = within(bars).getAllByRole("listitem").map((row) => row.textContent);
    expect(rows).toEqual(["complaint87%", "question8%", "praise5%"]); // most likely first

    const looked = within(first).getByRole("region", { name: "What it looked at" });
    const marks = Array.from(looked.querySelectorAll("mark"));
    // special tokens are left out and word pieces join the word before them
    expect(looked.querySelector("p")).toHaveTextContent(/^parcel arrived brokenly$/);
    expect(marks.map((mark) => [mark.textContent, mark.dataset.strength])).toEqual([
      ["parcel", "0.17"],
      ["arrived", "0.17"],
      ["broken", "1.00"],
      ["ly", "0.33"],
    ]);
    expect(marks[2]).toHaveAttribute("title", "60% of the attention");
    expect(looked).toHaveTextContent("Looked at most: “broken” (60%)");

    expect(screen.getByRole("listitem", { name: "Text 2: question" })).toHaveTextContent("70% sure");
  });
});

describe("ClassifierPanel", () => {
  it("test_many_lines_are_sent_as_many_texts_with_attention", async () => {
    const sent: unknown[] = [];
    mockFetch({
      "POST /api/models/5/predict": async (request) => {
        sent.push(await request.json());
        return output;
      },
    });
    renderWithProviders(<ClassifierPanel model={makeModel()} template={makeTemplate()} />);

    const box = screen.getByLabelText("Texts to label");
    expect(box).toHaveValue("Do you ship to Canada?"); // the template's example to start from
    await userEvent.clear(box);
    await userEvent.type(box, "parcel arrived brokenly{enter}{enter}do you ship");
    expect(screen.getByText("One text per line · 2 texts")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Label them" }));

    expect(await screen.findByRole("listitem", { name: "Text 1: complaint" })).toBeInTheDocument();
    expect(sent).toEqual([{ texts: ["parcel arrived brokenly", "do you ship"], attention: true }]);
  });

  it("test_refused_request_shows_message_and_hint", async () => {
    mockFetch({
      "POST /api/models/5/predict": () =>
        new Response(JSON.stringify({ error: { code: "model_unavailable", message: "The model's files are gone.", hint: "Train it again." } }), { status: 409 }),
    });
    renderWithProviders(<ClassifierPanel model={makeModel()} template={makeTemplate()} />);
    await userEvent.click(screen.getByRole("button", { name: "Label it" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The model's files are gone.");
    expect(alert).toHaveTextContent("Train it again.");
  });
});
