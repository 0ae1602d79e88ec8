import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { PlanRequest } from "@/client";
import { makeDataset, makePassengersDataset, makePlan, makeRun, makeTemplate } from "@/test/fixtures";
import { json, mockFetch } from "@/test/mock-fetch";
import { renderWithProviders } from "@/test/render";

import { PlanPanel } from "./plan-panel";

const template = makeTemplate();
const dataset = makeDataset();

/** Answers the plan endpoint like the server: visible items per preset, 422 for epochs out of range. */
function planServer() {
  const requests: PlanRequest[] = [];
  const fetchMock = mockFetch({
    "POST /api/runs/plan": async (request) => {
      const body = (await request.json()) as PlanRequest;
      requests.push(body);
      const epochs = body.overrides?.epochs;
      if (typeof epochs === "number" && epochs < 0.05) {
        return json(
          {
            error: {
              code: "invalid_setting",
              message: "epochs must be between 0.05 and 100; got 0",
              hint: "Choose a value of epochs from 0.05 to 100.",
              details: { field: "epochs" },
            },
          },
          422,
        );
      }
      const visible = template.presets.find((p) => p.id === body.preset)!.visible_settings;
      return makePlan({ preset: body.preset }, visible);
    },
    "POST /api/runs": () => json(makeRun({ id: 7, status: "queued" }), 201),
  });
  return { requests, fetchMock };
}

describe("PlanPanel", () => {
  it("test_success_target_is_sent_with_the_plan_and_said_back", async () => {
    const { requests } = planServer();
    const user = userEvent.setup();
    renderWithProviders(<PlanPanel template={template} dataset={dataset} />);

    const input = await screen.findByLabelText(/your success target/i);
    await user.type(input, "accuracy >= 0.85");
    await user.click(screen.getByRole("button", { name: "Set" }));

    await waitFor(() => expect(requests.at(-1)?.success_target).toBe("accuracy >= 0.85"));
  });

  it("test_plan_shows_every_setting_with_its_reason", async () => {
    planServer();
    renderWithProviders(<PlanPanel template={template} dataset={dataset} />);

    const list = await screen.findByRole("list", { name: "Settings and why" });
    const items = within(list).getAllByRole("listitem");
    expect(items).toHaveLength(4);
    expect(items[0]).toHaveTextContent("Epochs");
    expect(items[0]).toHaveTextContent("5 epochs: with 10 training examples the model needs several passes");
    expect(items[2]).toHaveTextContent("8 examples");
    expect(screen.getByText("distilbert-base-uncased")).toBeInTheDocument();
    expect(screen.getByText("the template's default: small and fast on CPU")).toBeInTheDocument();
    expect(screen.getByText("1 min 35 s")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /start training/i })).toBeEnabled();
  });

  it("test_advanced_settings_are_collapsed_and_follow_the_preset", async () => {
    const { requests } = planServer();
    renderWithProviders(<PlanPanel template={template} dataset={dataset} />);

    const toggle = await screen.findByRole("button", { name: /advanced settings/i });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    expect(screen.queryByRole("radio", { name: /intermediate/i })).not.toBeInTheDocument();

    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute("aria-expanded", "true");
    expect(screen.getByText(/beginner chooses every setting for you/i)).toBeInTheDocument();
    expect(screen.queryByRole("spinbutton")).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole("radio", { name: /intermediate/i }));
    expect(await screen.findByRole("spinbutton", { name: /epochs/i })).toHaveValue(5);
    expect(screen.getByRole("spinbutton", { name: /learning rate/i })).toBeInTheDocument();
    expect(screen.queryByRole("spinbutton", { name: /batch size/i })).not.toBeInTheDocument();
    expect(requests.at(-1)).toMatchObject({ preset: "intermediate", overrides: {} });
  });

  it("test_refused_override_shows_message_and_hint", async () => {
    const { requests } = planServer();
    renderWithProviders(<PlanPanel template={template} dataset={dataset} />);
    await userEvent.click(await screen.findByRole("button", { name: /advanced settings/i }));
    await userEvent.click(screen.getByRole("radio", { name: /intermediate/i }));

    const epochs = await screen.findByRole("spinbutton", { name: /epochs/i });
    await userEvent.clear(epochs);
    await userEvent.type(epochs, "0{Enter}");

    expect(await screen.findByText("epochs must be between 0.05 and 100; got 0")).toBeInTheDocument();
    expect(screen.getByText("Choose a value of epochs from 0.05 to 100.")).toBeInTheDocument();
    expect(requests.at(-1)).toMatchObject({ preset: "intermediate", overrides: { epochs: 0 } });
    expect(epochs).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByRole("button", { name: /start training/i })).toBeDisabled();
    // The last accepted plan stays on screen so the setting can be fixed.
    expect(screen.getByRole("list", { name: "Settings and why" })).toBeInTheDocument();

    await userEvent.clear(epochs);
    await userEvent.type(epochs, "2{Enter}");
    await waitFor(() => expect(screen.getByRole("button", { name: /start training/i })).toBeEnabled());
    expect(screen.queryByText("epochs must be between 0.05 and 100; got 0")).not.toBeInTheDocument();
  });

  it("test_start_creates_the_run_and_opens_it", async () => {
    const { fetchMock } = planServer();
    renderWithProviders(<PlanPanel template={template} dataset={dataset} />, { route: "/training" });

    const start = await screen.findByRole("button", { name: /start training/i });
    await waitFor(() => expect(start).toBeEnabled());
    await userEvent.click(start);

    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/runs/7"));
    const create = fetchMock.mock.calls.map(([request]) => request as Request).find((r) => new URL(r.url).pathname === "/api/runs");
    expect(await create!.json()).toEqual({ template_id: "text-classifier", dataset_id: 1, preset: "beginner", overrides: {} });
  });

  it("test_plan_lists_the_columns_and_a_toggle_replans_and_starts_with_it", async () => {
    const table = makeTemplate({ id: "tabular-predictor", name: "Table Predictor", task: "tabular" });
    const passengers = makePassengersDataset();
    const requests: PlanRequest[] = [];
    const fetchMock = mockFetch({
      "POST /api/runs/plan": async (request) => {
        const body = (await request.json()) as PlanRequest;
        requests.push(body);
        const kept = body.columns?.include?.includes("boat");
        const columns = passengers.profile.selection!.map((d) =>
          d.name === "boat" && kept ? { ...d, role: "feature" as const, reason: "kept" as const } : d,
        );
        return makePlan({ template_id: table.id, task: "tabular", columns });
      },
      "POST /api/runs": () => json(makeRun({ id: 8, status: "queued" }), 201),
    });
    renderWithProviders(<PlanPanel template={table} dataset={passengers} />, { route: "/training" });

    const summary = await screen.findByText(/^Uses 2 columns/);
    expect(summary.closest("p")).toHaveTextContent("Uses 2 columns · leaves out 2: boat (gives the answer away), name (an identifier)");
    expect(requests[0]).not.toHaveProperty("columns"); // nothing changed: the dataset's own choices

    await userEvent.click(screen.getByRole("button", { name: "Change columns" }));
    const list = screen.getByRole("list", { name: "Columns for this run" });
    expect(within(list).queryByRole("switch", { name: "Use survived" })).not.toBeInTheDocument();
    await userEvent.click(within(list).getByRole("switch", { name: "Use boat" }));
    await waitFor(() => expect(requests.at(-1)).toMatchObject({ columns: { include: ["boat"], exclude: [] } }));
    expect(await screen.findByText(/^Uses 3 columns/)).toBeInTheDocument();

    const start = screen.getByRole("button", { name: /start training/i });
    await waitFor(() => expect(start).toBeEnabled());
    await userEvent.click(start);
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/runs/8"));
    const create = fetchMock.mock.calls.map(([request]) => request as Request).find((r) => new URL(r.url).pathname === "/api/runs");
    expect(await create!.json()).toMatchObject({ columns: { include: ["boat"], exclude: [] } });

    // Switching it back is the dataset's own choice again (that plan is still in the cache).
    await userEvent.click(within(list).getByRole("switch", { name: "Use boat" }));
    expect(await screen.findByText(/^Uses 2 columns/)).toBeInTheDocument();
    expect(requests.every((r) => !r.columns || r.columns.include?.includes("boat"))).toBe(true);
  });

  it("test_other_templates_show_the_columns_without_switches", async () => {
    mockFetch({
      "POST /api/runs/plan": () => makePlan({ columns: dataset.profile.selection! }),
    });
    renderWithProviders(<PlanPanel template={template} dataset={dataset} />);
    expect(await screen.findByText(/^Uses 1 column$/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Change columns" })).not.toBeInTheDocument();
  });
});
