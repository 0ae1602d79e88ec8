import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { describe, expect, it } from "vitest";

import { createQueryClient } from "@/lib/query-client";
import { routes } from "@/router";
import { FakeWebSocket } from "@/test/fake-websocket";
import { makeDataset, makePlan, makeRun, makeTemplate } from "@/test/fixtures";
import { mockFetch } from "@/test/mock-fetch";

const template = makeTemplate();
const estimate = { template_id: "text-classifier", seconds: 95, examples: 150, preset: "beginner", base_model: "MiniLM", device: "cpu" };

function renderApp(path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <QueryClientProvider client={createQueryClient()}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

describe("app routes", () => {
  it("test_root_redirects_to_template_and_choosing_one_opens_data", async () => {
    mockFetch({
      "GET /api/health": { status: "ok", version: "0.1.0", database: { ok: true, engine: "sqlite" }, worker: { state: "idle" } },
      "GET /api/templates": { data: [template], count: 1 },
      "GET /api/templates/text-classifier/estimate": estimate,
      "GET /api/datasets": { data: [], count: 0 },
    });
    const router = renderApp("/");

    expect(router.state.location.pathname).toBe("/template");
    expect(screen.getByRole("link", { name: /template/i, current: "page" })).toBeInTheDocument();
    await userEvent.click(await screen.findByRole("button", { name: /use this template/i }));

    expect(router.state.location.pathname).toBe("/data");
    expect(router.state.location.search).toBe("?template=text-classifier");
    expect(await screen.findByText("No datasets yet")).toBeInTheDocument();
    expect(screen.getByText(template.data_shape)).toBeInTheDocument();
    expect(localStorage.getItem("tunewright.template")).toBe("text-classifier");
  });

  it("test_first_timer_picks_a_preset_and_a_template_then_loads_the_sample", async () => {
    const planned: { preset: string }[] = [];
    const sample = makeDataset({ id: 7, name: "Product reviews" });
    const stored: (typeof sample)[] = [];
    mockFetch({
      "GET /api/templates": { data: [template], count: 1 },
      "GET /api/templates/text-classifier/estimate": estimate,
      "GET /api/datasets": () => ({ data: stored, count: stored.length }),
      "POST /api/datasets/samples": async (request) => {
        expect(await request.json()).toEqual({ template_id: "text-classifier" });
        stored.push(sample);
        return sample;
      },
      "GET /api/datasets/7": sample,
      "GET /api/datasets/7/preview": { columns: [], rows: [], total: 0, offset: 0, limit: 20 },
      "POST /api/runs/plan": async (request) => {
        planned.push(await request.json());
        return makePlan({ dataset_id: 7 });
      },
      "GET /api/runs": { data: [], count: 0 },
    });
    const router = renderApp("/template");

    // The card says how long the sample takes to train here, before anything is uploaded.
    expect(await screen.findByText("About 1 min 35 s")).toBeInTheDocument();
    expect(screen.getByText(/with the 150-example sample/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("radio", { name: /intermediate/i }));
    expect(localStorage.getItem("tunewright.preset")).toBe("intermediate");
    expect(screen.getByRole("radio", { name: /intermediate/i })).toBeChecked();

    await userEvent.click(screen.getByRole("button", { name: /use this template/i }));
    await userEvent.click(await screen.findByRole("button", { name: "Use the sample data" }));
    // The dataset page is the heaviest screen: allow it more than the default second on a busy CI machine.
    await screen.findByRole("heading", { level: 1, name: /Product reviews/ }, { timeout: 5_000 });
    expect(router.state.location.pathname).toBe("/data/7");

    await router.navigate("/training?dataset=7&template=text-classifier");
    await screen.findByRole("list", { name: "Settings and why" }, { timeout: 5_000 });
    expect(planned[0]?.preset).toBe("intermediate");
  }, 20_000); // four screens in one test: slow on a busy two-core machine

  it("test_training_without_data_points_to_the_data_step", async () => {
    mockFetch({
      "GET /api/templates": { data: [makeTemplate()], count: 1 },
      "GET /api/datasets": { data: [], count: 0 },
      "GET /api/runs": { data: [], count: 0 },
    });
    renderApp("/training");
    expect(await screen.findByText("No data yet")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: /go to data/i })).toHaveAttribute("href", "/data");
    expect(await screen.findByText("No runs yet")).toBeInTheDocument();
  });

  it("test_training_plans_the_most_recent_dataset_and_lists_runs", async () => {
    const planned: unknown[] = [];
    const summary = (id: number, name: string) => ({ ...makeDataset({ id, name }), detection: undefined, profile: undefined, findings: undefined });
    mockFetch({
      "GET /api/templates": { data: [makeTemplate()], count: 1 },
      "GET /api/datasets": { data: [summary(2, "newer"), summary(1, "older")], count: 2 },
      "GET /api/datasets/2": makeDataset({ id: 2, name: "newer" }),
      "POST /api/runs/plan": async (request) => {
        planned.push(await request.json());
        return makePlan({ dataset_id: 2 });
      },
      "GET /api/runs": { data: [makeRun({ id: 9, status: "succeeded" })], count: 1 },
    });
    renderApp("/training");

    expect(await screen.findByRole("list", { name: "Settings and why" })).toBeInTheDocument();
    expect(planned).toEqual([{ template_id: "text-classifier", dataset_id: 2, preset: "beginner", overrides: {} }]);
    expect(screen.getByRole("combobox", { name: "Data" })).toHaveTextContent("newer");
    const history = await screen.findByRole("list", { name: "Recent runs" });
    expect(within(history).getByRole("link", { name: "Run 9: Text Classifier" })).toHaveAttribute("href", "/runs/9");
    expect(within(history).getByText("Finished")).toBeInTheDocument();
  });

  it("test_run_page_belongs_to_the_training_step", async () => {
    FakeWebSocket.install();
    mockFetch({
      "GET /api/templates": { data: [makeTemplate()], count: 1 },
      "GET /api/runs/3": makeRun(),
    });
    renderApp("/runs/3");
    expect(screen.getByRole("link", { name: /training/i, current: "page" })).toHaveAttribute("href", expect.stringMatching(/^\/training/));
    expect(await screen.findByRole("heading", { level: 1 })).toHaveTextContent("Text Classifier");
  });
});
