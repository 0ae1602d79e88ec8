import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { saveBlob } from "@/lib/download";
import { makeModel } from "@/test/fixtures";
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
});
