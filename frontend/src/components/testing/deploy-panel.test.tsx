import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { Deployment } from "@/client";
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
});
