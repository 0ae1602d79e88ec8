import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { saveBlob } from "@/lib/download";
import type { InputField } from "@/client";
import { makeModel, makePassengersDataset } from "@/test/fixtures";
import { json, mockFetch } from "@/test/mock-fetch";
import { renderWithProviders } from "@/test/render";
import { makeTableDataset } from "@/test/testing-fixtures";

import { TabularPanel } from "./tabular-panel";

vi.mock("@/lib/download", async (original) => ({ ...(await original<typeof import("@/lib/download")>()), saveBlob: vi.fn() }));

/** jsdom's Blob has no text(): read it the old way. */
function readBlob(blob: Blob): Promise<string> {
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.readAsText(blob);
  });
}

const model = makeModel({ id: 6, task: "tabular", template_id: "tabular-predictor", dataset_id: 2 });

describe("TabularPanel", () => {
  it("test_form_is_built_from_the_feature_columns_and_predicts_a_row", async () => {
    const sent: unknown[] = [];
    mockFetch({
      "GET /api/datasets/2": makeTableDataset(),
      "POST /api/models/6/predict": async (request) => {
        sent.push(await request.json());
        return { predictions: [{ prediction: "yes", probabilities: { no: 0.18, yes: 0.82 } }] };
      },
    });
    renderWithProviders(<TabularPanel model={model} />);

    const form = await screen.findByRole("form", { name: "One row to predict" });
    const age = within(form).getByRole("spinbutton", { name: "age" });
    const plan = within(form).getByRole("combobox", { name: "plan" });
    expect(within(form).queryByLabelText("churned")).not.toBeInTheDocument(); // the target is the answer, not an input
    expect(age).toHaveValue(34);
    expect(age).toHaveAccessibleDescription("from 18 to 67");
    expect(plan).toHaveValue("pro");
    expect(plan).toHaveAccessibleDescription("e.g. pro, basic, team");

    await userEvent.clear(age);
    await userEvent.type(age, "22");
    await userEvent.clear(plan);
    await userEvent.type(plan, "basic");
    await userEvent.click(screen.getByRole("button", { name: "Predict" }));

    const result = await screen.findByRole("region", { name: "Prediction" });
    expect(result).toHaveTextContent("Predicted churned: yes (82% sure)");
    expect(within(result).getByRole("list", { name: "Probability of each churned" })).toHaveTextContent("yes82%no18%");
    expect(sent).toEqual([{ rows: [{ age: 22, plan: "basic" }] }]);

    await userEvent.clear(age);
    await userEvent.click(screen.getByRole("button", { name: "Predict" }));
    expect(sent[1]).toEqual({ rows: [{ age: null, plan: "basic" }] }); // an empty box is "unknown"
  });

  it("test_csv_batch_previews_the_predictions_and_downloads_them", async () => {
    let uploaded: File | null = null;
    mockFetch({
      "GET /api/datasets/2": makeTableDataset(),
      "POST /api/models/6/predict/csv": async (request) => {
        uploaded = (await request.formData()).get("file") as File;
        return new Response('age,plan,prediction,probability_no,probability_yes\n22,basic,yes,0.2,0.8\n40,"pro, annual",no,0.9,0.1\n', {
          headers: { "Content-Type": "text/csv", "Content-Disposition": 'attachment; filename="people-predictions.csv"' },
        });
      },
    });
    renderWithProviders(<TabularPanel model={model} />);

    await userEvent.upload(screen.getByLabelText("Choose a CSV file"), new File(["age,plan\n22,basic\n40,pro\n"], "people.csv", { type: "text/csv" }));

    const result = await screen.findByRole("region", { name: "Predicted file" });
    expect(await uploaded!.text()).toBe("age,plan\n22,basic\n40,pro\n"); // (jsdom's FormData drops the file name)
    expect(result).toHaveTextContent("2 rows predicted");
    const table = within(result).getByRole("table", { name: "Predictions preview" });
    expect(within(table).getAllByRole("row")[2]).toHaveTextContent("40pro, annualno0.90.1");

    await userEvent.click(within(result).getByRole("button", { name: "Download results" }));
    expect(saveBlob).toHaveBeenCalledWith(expect.any(Blob), "people-predictions.csv");
    const blob = vi.mocked(saveBlob).mock.calls[0]![0];
    expect(await readBlob(blob)).toContain("22,basic,yes,0.2,0.8");
  });

  it("test_bad_file_shows_the_servers_message_and_fix", async () => {
    mockFetch({
      "GET /api/datasets/2": makeTableDataset(),
      "POST /api/models/6/predict/csv": () =>
        json({ error: { code: "invalid_input", message: "Row 1 is missing 'plan'; this model reads 'age' and 'plan'.", hint: "Send every feature column in each row." } }, 422),
    });
    renderWithProviders(<TabularPanel model={model} />);
    await userEvent.upload(screen.getByLabelText("Choose a CSV file"), new File(["age\n22\n"], "people.csv", { type: "text/csv" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Row 1 is missing 'plan'");
    expect(alert).toHaveTextContent("Send every feature column in each row.");
  });

  it("test_form_follows_the_models_input_schema_and_sends_markers_as_unknown", async () => {
    const input = (field: Partial<InputField> & Pick<InputField, "name" | "kind">): InputField => ({
      choices: [], example: null, min: null, max: null, missing_markers: [], ...field,
    });
    const passengersModel = makeModel({
      id: 9,
      task: "tabular",
      template_id: "tabular-predictor",
      dataset_id: 4,
      input_schema: [
        input({ name: "age", kind: "number", example: 29, min: 0.17, max: 80, missing_markers: ["?"] }),
        input({ name: "sex", kind: "choice", choices: ["male", "female"], example: "female" }),
        input({ name: "alone", kind: "boolean", choices: ["True", "False"], example: true }),
        input({ name: "boarded", kind: "date", example: "1912-04-10" }),
      ],
    });
    const sent: unknown[] = [];
    mockFetch({
      "GET /api/datasets/4": makePassengersDataset(),
      "POST /api/models/9/predict": async (request) => {
        sent.push(await request.json());
        return { predictions: [{ prediction: "1", probabilities: { "0": 0.3, "1": 0.7 } }] };
      },
    });
    renderWithProviders(<TabularPanel model={passengersModel} />);

    const form = await screen.findByRole("form", { name: "One row to predict" });
    // Only what the model reads: not the answer, not the left-out `boat` and `name`.
    expect(within(form).getAllByRole("textbox").length + within(form).getAllByRole("spinbutton").length + within(form).getAllByRole("combobox").length).toBe(4);
    expect(within(form).queryByLabelText("boat")).not.toBeInTheDocument();
    const age = within(form).getByRole("spinbutton", { name: "age" });
    expect(age).toHaveValue(29);
    expect(age).toHaveAccessibleDescription("from 0.17 to 80 (“?” means unknown)");
    const sex = within(form).getByRole("combobox", { name: "sex" });
    expect(within(sex).getAllByRole("option").map((o) => o.textContent)).toEqual(["Unknown", "male", "female"]);
    expect(sex).toHaveValue("female");
    expect(within(form).getByRole("combobox", { name: "alone" })).toHaveValue("True");
    expect(within(form).getByRole("textbox", { name: "boarded" })).toHaveAccessibleDescription("a date, e.g. 1912-04-10");

    await userEvent.selectOptions(sex, "male");
    await userEvent.click(screen.getByRole("button", { name: "Predict" }));
    expect(await screen.findByRole("region", { name: "Prediction" })).toHaveTextContent("Predicted survived: 1 (70% sure)");
    expect(sent[0]).toEqual({ rows: [{ age: 29, sex: "male", alone: true, boarded: "1912-04-10" }] });

    await userEvent.selectOptions(sex, "Unknown");
    await userEvent.selectOptions(within(form).getByRole("combobox", { name: "alone" }), "False");
    await userEvent.click(screen.getByRole("button", { name: "Predict" }));
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1]).toEqual({ rows: [{ age: 29, sex: null, alone: false, boarded: "1912-04-10" }] });

    // The CSV batch names the columns the model reads.
    expect(screen.getByRole("list", { name: "Columns the model reads" })).toHaveTextContent("agesexaloneboarded");
  });

  it("test_schema_form_needs_no_dataset", async () => {
    const orphan = makeModel({
      id: 10,
      task: "tabular",
      template_id: "tabular-predictor",
      dataset_id: null,
      input_schema: [{ name: "age", kind: "number", choices: [], example: "?", min: 1, max: 9, missing_markers: ["?"] }],
    });
    const sent: unknown[] = [];
    mockFetch({
      "POST /api/models/10/predict": async (request) => {
        sent.push(await request.json());
        return { predictions: [{ prediction: 3.5, probabilities: null }] };
      },
    });
    renderWithProviders(<TabularPanel model={orphan} />);
    await userEvent.click(await screen.findByRole("button", { name: "Predict" }));
    expect(await screen.findByRole("region", { name: "Prediction" })).toHaveTextContent("Predicted the answer: 3.5");
    expect(sent[0]).toEqual({ rows: [{ age: null }] }); // the example was the marker: unknown
  });
});
