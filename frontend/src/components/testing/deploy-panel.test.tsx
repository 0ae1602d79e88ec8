import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { Deployment, InputField } from "@/client";
import { queryKeys } from "@/lib/query-keys";
import { makeModel } from "@/test/fixtures";
import { mockFetch } from "@/test/mock-fetch";
import { renderWithProviders } from "@/test/render";
import { makeCreatedDeployment, makeUsage } from "@/test/testing-fixtures";

import { DeployPanel } from "./deploy-panel";

/** The deployment as listed: no key, no snippets. */
function listed(overrides: Partial<Deployment> = {}): Deployment {
  const created: Partial<ReturnType<typeof makeCreatedDeployment>> = makeCreatedDeployment();
  delete created.api_key;
  delete created.snippets;
  delete created.example_body;
  return { ...(created as Deployment), ...overrides };
}

const tableInputs: InputField[] = [
  { name: "age", kind: "number", choices: [], example: 29, min: 0.17, max: 80, missing_markers: ["?"] },
  { name: "sex", kind: "choice", choices: ["male", "female"], example: "male", min: null, max: null, missing_markers: [] },
];

describe("DeployPanel", () => {
  it("test_deploy_shows_the_key_once_with_snippets_and_usage", async () => {
    const user = userEvent.setup(); // gives the page a clipboard to copy into
    const state = { deployments: [] as Deployment[] };
    const posted: unknown[] = [];
    mockFetch({
      "GET /api/deployments": () => ({ data: state.deployments, count: state.deployments.length }),
      "POST /api/deployments": async (request) => {
        posted.push(await request.json());
        state.deployments = [listed()];
        return makeCreatedDeployment();
      },
      "GET /api/deployments/7/usage": makeUsage(),
    });
    const { unmount } = renderWithProviders(<DeployPanel model={makeModel()} />);

    expect(await screen.findByText("Not deployed yet")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Deploy" }));

    const card = await screen.findByRole("region", { name: "Endpoint tickets v1" });
    expect(posted).toEqual([{ model_version_id: 5 }]);
    expect(within(card).getByLabelText("Endpoint URL")).toHaveTextContent("http://127.0.0.1:5055/v1/endpoints/tickets/predict");
    expect(within(card).getByText("Your API key — shown once, copy it now")).toBeInTheDocument();
    expect(within(card).getByLabelText("API key")).toHaveTextContent("tw_abc123SECRETSECRET");
    await user.click(within(card).getByRole("button", { name: "Copy the API key" }));
    expect(await navigator.clipboard.readText()).toBe("tw_abc123SECRETSECRET");
    expect(within(card).getByRole("button", { name: "Copy the API key" })).toHaveTextContent("Copied");

    const tabs = within(card).getByRole("tablist", { name: "Call it from" });
    expect(within(tabs).getByRole("tab", { name: "curl", selected: true })).toBeInTheDocument();
    expect(within(card).getByRole("tabpanel")).toHaveTextContent("curl -X POST");
    await user.click(within(tabs).getByRole("tab", { name: "Python" }));
    expect(within(card).getByRole("tabpanel")).toHaveTextContent("import requests");
    await user.keyboard("{ArrowRight}");
    expect(within(tabs).getByRole("tab", { name: "JavaScript" })).toHaveFocus();
    expect(within(card).getByRole("tabpanel")).toHaveTextContent("await fetch");
    expect(card).toHaveTextContent('"The parcel arrived broken."'); // the example body

    // the new endpoint is listed with its usage open
    const item = await screen.findByRole("listitem", { name: "tickets v1" });
    const stats = await within(item).findByLabelText("Usage");
    expect(stats).toHaveTextContent("Requests3");
    expect(stats).toHaveTextContent("Latency p5012.5 ms");
    expect(stats).toHaveTextContent("Latency p9540.2 ms");
    expect(within(item).getByRole("img", { name: /requests and errors per hour: requests 3/i })).toBeInTheDocument();

    // the key lived in this answer only: after a reload it is gone
    unmount();
    renderWithProviders(<DeployPanel model={makeModel()} />);
    expect(await screen.findByRole("listitem", { name: "tickets v1" })).toBeInTheDocument();
    expect(screen.queryByText(/tw_abc123SECRETSECRET/)).not.toBeInTheDocument();
    expect(screen.getByText("1 API key: tw_abc123…")).toBeInTheDocument();
  });

  it("test_roll_back_and_undeploy_call_the_deployment", async () => {
    const calls: string[] = [];
    const moved = listed({ model_version_id: 5, history: [{ model_version_id: 4 }, { model_version_id: 5 }] });
    mockFetch({
      "GET /api/deployments": { data: [moved, listed({ id: 8, name: "other", model_version_id: 9, history: [{ model_version_id: 9 }] })], count: 2 },
      "POST /api/deployments/7/rollback": () => {
        calls.push("rollback");
        return { ...moved, model_version_id: 4 };
      },
      "POST /api/deployments/7/undeploy": () => {
        calls.push("undeploy");
        return { ...moved, status: "undeployed" };
      },
    });
    renderWithProviders(<DeployPanel model={makeModel()} />);

    const item = await screen.findByRole("listitem", { name: "tickets v1" });
    expect(screen.queryByRole("listitem", { name: "other" })).not.toBeInTheDocument(); // another model's endpoint
    await userEvent.click(within(item).getByRole("button", { name: "Roll back to model #4" }));
    await waitFor(() => expect(calls).toEqual(["rollback"]));
    await userEvent.click(within(item).getByRole("button", { name: "Undeploy" }));
    await waitFor(() => expect(calls).toEqual(["rollback", "undeploy"]));
  });

  it("test_table_endpoint_shows_the_columns_it_reads_when_created_and_listed", async () => {
    const table = makeModel({ task: "tabular", template_id: "tabular-predictor", input_schema: tableInputs });
    const state = { deployments: [] as Deployment[] };
    mockFetch({
      "GET /api/deployments": () => ({ data: state.deployments, count: state.deployments.length }),
      "POST /api/deployments": () => {
        state.deployments = [listed()];
        return makeCreatedDeployment({ example_body: { rows: [{ age: 29, sex: "male" }] }, input_schema: tableInputs });
      },
      "GET /api/deployments/7/usage": makeUsage(),
      // the listing has no schema: the served model's is read
      "GET /api/models/5": table,
    });
    const { unmount } = renderWithProviders(<DeployPanel model={table} />);

    await userEvent.click(await screen.findByRole("button", { name: "Deploy" }));
    const card = await screen.findByRole("region", { name: "Endpoint tickets v1" });
    const contract = within(card).getByRole("region", { name: "This endpoint reads these columns" });
    expect(within(contract).getAllByRole("listitem").map((row) => row.textContent)).toEqual([
      "agenumberfrom 0.17 to 80; “?” means unknown",
      "sexcategoryone of: male, female",
    ]);
    // the new endpoint's own listing keeps it folded: the card above shows it
    const fresh = await screen.findByRole("listitem", { name: "tickets v1" });
    expect(await within(fresh).findByRole("button", { name: "Show columns" })).toHaveAttribute("aria-expanded", "false");

    // after a reload there is no card: the listed endpoint shows the model's columns
    unmount();
    renderWithProviders(<DeployPanel model={table} />);
    const item = await screen.findByRole("listitem", { name: "tickets v1" });
    const shown = await within(item).findByRole("region", { name: "This endpoint reads these columns" });
    expect(shown).toHaveTextContent("sexcategoryone of: male, female");
    await userEvent.click(within(item).getByRole("button", { name: "Hide columns" }));
    expect(within(item).queryByRole("region", { name: "This endpoint reads these columns" })).not.toBeInTheDocument();
  });

  it("test_text_endpoint_shows_no_columns", async () => {
    mockFetch({ "GET /api/deployments": { data: [listed()], count: 1 }, "GET /api/models/5": makeModel() });
    const { queryClient } = renderWithProviders(<DeployPanel model={makeModel()} />);

    const item = await screen.findByRole("listitem", { name: "tickets v1" });
    await waitFor(() => expect(queryClient.getQueryData(queryKeys.models.detail(5))).toBeDefined()); // the served model was read
    expect(screen.queryByText("This endpoint reads these columns")).not.toBeInTheDocument();
    expect(within(item).queryByRole("button", { name: /columns/i })).not.toBeInTheDocument();
  });
});
