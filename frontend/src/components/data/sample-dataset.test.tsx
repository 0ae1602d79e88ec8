import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { TrainingEstimate } from "@/components/template/training-estimate";
import { makeDataset, makeTemplate } from "@/test/fixtures";
import { json, mockFetch } from "@/test/mock-fetch";
import { renderWithProviders } from "@/test/render";

import { SampleDataset } from "./sample-dataset";

describe("SampleDataset", () => {
  it("test_use_sample_loads_it_and_hands_back_the_dataset", async () => {
    mockFetch({ "POST /api/datasets/samples": () => json(makeDataset({ id: 4, name: "Product reviews" }), 201) });
    const onLoaded = vi.fn();
    renderWithProviders(<SampleDataset template={makeTemplate()} onLoaded={onLoaded} />);

    expect(screen.getByRole("heading", { name: "No file yet? Try ours: Product reviews" })).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Use the sample data" }));

    await vi.waitFor(() => expect(onLoaded).toHaveBeenCalledTimes(1));
    expect(onLoaded.mock.calls[0]![0]).toMatchObject({ id: 4, name: "Product reviews" });
  });

  it("test_use_sample_failure_shows_the_message_and_hint_in_place", async () => {
    mockFetch({
      "POST /api/datasets/samples": () =>
        json({ error: { code: "sample_missing", message: "The sample data is missing.", hint: "Reinstall Tunewright (make run)." } }, 404),
    });
    renderWithProviders(<SampleDataset template={makeTemplate()} onLoaded={vi.fn()} />);

    await userEvent.click(screen.getByRole("button", { name: "Use the sample data" }));

    expect(await screen.findByText("The sample data is missing.")).toBeInTheDocument();
    expect(screen.getByText("Reinstall Tunewright (make run).")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Use the sample data" })).toBeEnabled();
  });
});

describe("TrainingEstimate", () => {
  it("test_estimate_says_minutes_on_this_computer_or_an_accelerator", async () => {
    mockFetch({
      "GET /api/templates/text-classifier/estimate": { template_id: "text-classifier", seconds: 42, examples: 150, preset: "beginner", base_model: "MiniLM", device: "NVIDIA H100" },
    });
    renderWithProviders(<TrainingEstimate templateId="text-classifier" fallbackModel="distilbert-base-uncased" />);

    expect(screen.getByRole("status", { name: "Estimating training time" })).toBeInTheDocument();
    expect(await screen.findByText("About 42 s")).toBeInTheDocument();
    // the model this machine will really use (bundled offline), not the template's hub default
    expect(screen.getByText("MiniLM")).toBeInTheDocument();
    expect(screen.queryByText("distilbert-base-uncased")).not.toBeInTheDocument();
    expect(screen.getByText(/to train on NVIDIA H100 with the 150-example sample/)).toBeInTheDocument();
  });

  it("test_estimate_failure_falls_back_to_a_sentence", async () => {
    mockFetch({});
    renderWithProviders(<TrainingEstimate templateId="text-classifier" fallbackModel="distilbert-base-uncased" />);
    expect(await screen.findByText(/shown on the Training step once your data is in/)).toBeInTheDocument();
    expect(screen.getByText("distilbert-base-uncased")).toBeInTheDocument();
  });
});
