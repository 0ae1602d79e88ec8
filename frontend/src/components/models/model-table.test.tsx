import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { ModelsPage } from "@/routes/models-page";
import { makeDataset, makeModel, makeRun, makeTemplate } from "@/test/fixtures";
import { json, mockFetch } from "@/test/mock-fetch";
import { renderWithProviders } from "@/test/render";

import { ModelDetail } from "./model-detail";
import { ModelTable } from "./model-table";

const templates = { data: [makeTemplate()], count: 1 };

describe("Models & runs", () => {
  it("test_models_list_shows_a_skeleton_while_loading", () => {
    mockFetch({ "GET /api/models": () => new Promise<Response>(() => {}), "GET /api/templates": templates });
    renderWithProviders(<ModelTable />);
    expect(screen.getByRole("status", { name: "Loading models" })).toBeInTheDocument();
  });

  it("test_models_list_empty_points_to_training", async () => {
    mockFetch({ "GET /api/models": { data: [], count: 0 }, "GET /api/templates": templates });
    renderWithProviders(<ModelTable />);
    expect(await screen.findByText("No models yet")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: /go to training/i })).toHaveAttribute("href", "/training");
  });

  it("test_models_and_runs_list_their_rows", async () => {
    mockFetch({
      "GET /api/models": {
        data: [
          makeModel({ id: 6, version: 2, size_bytes: 5 * 1024 ** 2 }),
          makeModel({ id: 5, version: 1, verdict: { passed: false, headline: "Not passed.", insights: [], suggestions: [], gates: [] }, metrics: { accuracy: 0.55 } }),
        ],
        count: 2,
      },
      "GET /api/runs": { data: [makeRun({ id: 3, status: "succeeded" }), makeRun({ id: 4, status: "failed", dataset_id: 2 })], count: 2 },
      "GET /api/datasets": { data: [makeDataset({ id: 1, name: "tickets" })], count: 1 },
      "GET /api/templates": templates,
    });
    renderWithProviders(<ModelsPage />);

    const models = await screen.findByRole("table", { name: "Model versions" });
    const [newest, older] = within(models).getAllByRole("row").slice(1);
    expect(within(newest!).getByRole("link", { name: "tickets v2" })).toHaveAttribute("href", "/models/6");
    expect(newest).toHaveTextContent("Text Classifier");
    expect(newest).toHaveTextContent("Sorts text");
    expect(newest).toHaveTextContent("Accuracy 91%");
    expect(newest).toHaveTextContent("Passed");
    expect(newest).toHaveTextContent("5 MB");
    expect(older).toHaveTextContent("Not passed");
    expect(older).toHaveTextContent("Accuracy 55%");

    const runs = await screen.findByRole("table", { name: "Runs" });
    const [finished, failed] = within(runs).getAllByRole("row").slice(1);
    expect(within(finished!).getByRole("link", { name: "Run 3" })).toHaveAttribute("href", "/runs/3");
    expect(finished).toHaveTextContent("Finished");
    await waitFor(() => expect(finished).toHaveTextContent("tickets"));
    expect(failed).toHaveTextContent("Failed");
    expect(failed).toHaveTextContent("Dataset 2");
  });

  it("test_runs_list_empty_and_skeleton", async () => {
    mockFetch({
      "GET /api/models": { data: [], count: 0 },
      "GET /api/runs": { data: [], count: 0 },
      "GET /api/datasets": { data: [], count: 0 },
      "GET /api/templates": templates,
    });
    renderWithProviders(<ModelsPage />);
    expect(screen.getByRole("status", { name: "Loading runs" })).toBeInTheDocument();
    expect(await screen.findByText("No runs yet")).toBeInTheDocument();
  });

  it("test_model_detail_shows_the_record_and_a_deployed_model_refuses_delete", async () => {
    mockFetch({
      "GET /api/templates": templates,
      "GET /api/models/5": makeModel({
        settings: { epochs: 3, learning_rate: 0.00005 },
        base_model: { name: "distilbert-base-uncased", hub_id: "distilbert-base-uncased", source: "bundled", reason: "the template's default: small and fast on CPU" },
        library_versions: { python: "3.12.3", torch: "2.6.0" },
      }),
      "DELETE /api/models/5": json(
        { error: { code: "model_deployed", message: "tickets v1 is deployed at /v1/endpoints/tickets.", hint: "Undeploy it or deploy another version to that endpoint first." } },
        409,
      ),
    });
    renderWithProviders(<ModelDetail id={5} />, { route: "/models/5" });

    expect(await screen.findByRole("heading", { level: 1, name: "tickets v1" })).toBeInTheDocument();
    expect(screen.getByText(/^Passed: on texts it has never seen/)).toBeInTheDocument();
    expect(screen.getByText("Why: The template's default: small and fast on CPU.")).toBeInTheDocument();
    expect(screen.getByText("torch").nextElementSibling).toHaveTextContent("2.6.0");
    expect(screen.getByText("Epochs").nextElementSibling).toHaveTextContent("3");
    expect(screen.getByRole("link", { name: /run 3/i })).toHaveAttribute("href", "/runs/3");

    await userEvent.click(screen.getByRole("button", { name: "Delete" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Delete tickets v1?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete" }));
    expect(await within(dialog).findByText("tickets v1 is deployed at /v1/endpoints/tickets.")).toBeInTheDocument();
    expect(within(dialog).getByText("Undeploy it or deploy another version to that endpoint first.")).toBeInTheDocument();
    expect(screen.getByTestId("location")).toHaveTextContent("/models/5");
  });

  it("test_deleting_a_model_returns_to_the_list", async () => {
    mockFetch({
      "GET /api/templates": templates,
      "GET /api/models/5": makeModel(),
      "DELETE /api/models/5": () => new Response(null, { status: 204 }),
    });
    renderWithProviders(<ModelDetail id={5} />, { route: "/models/5" });
    await userEvent.click(await screen.findByRole("button", { name: "Delete" }));
    await userEvent.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(/^\/models$/));
  });
});
