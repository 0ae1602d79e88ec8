import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { describe, expect, it } from "vitest";

import { createQueryClient } from "@/lib/query-client";
import { routes } from "@/router";
import { makeModel, makeTemplate } from "@/test/fixtures";
import { mockFetch } from "@/test/mock-fetch";

function renderApp(path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <QueryClientProvider client={createQueryClient()}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

const newer = makeModel({ id: 9, name: "tickets", version: 2 });
const older = makeModel({ id: 5, name: "tickets", version: 1 });

function server() {
  mockFetch({
    "GET /api/templates": { data: [makeTemplate()], count: 1 },
    "GET /api/models": { data: [newer, older], count: 2 },
    "GET /api/models/9": newer,
    "GET /api/models/5": older,
    "GET /api/models/9/exports": { data: [], count: 0 },
    "GET /api/models/5/exports": { data: [], count: 0 },
    "GET /api/deployments": { data: [], count: 0 },
  });
}

describe("Testing step", () => {
  it("test_opens_the_newest_model_and_the_url_picks_another", async () => {
    server();
    const router = renderApp("/testing");

    expect(screen.getByRole("link", { name: /testing/i, current: "page" })).toBeInTheDocument();
    const picker = await screen.findByRole("combobox", { name: "Model" });
    expect(picker).toHaveTextContent("tickets v2");
    expect(screen.getByLabelText("Texts to label")).toBeInTheDocument(); // a classifier's playground
    expect(screen.getByRole("link", { name: "See its full record" })).toHaveAttribute("href", "/models/9");

    await userEvent.click(picker);
    await userEvent.click(await screen.findByRole("option", { name: /tickets v1/ }));
    expect(router.state.location.search).toBe("?model=5");
    expect(await screen.findByRole("link", { name: "See its full record" })).toHaveAttribute("href", "/models/5");
    const downloads = await screen.findByRole("list", { name: "Downloads" });
    expect(within(downloads).getAllByRole("listitem")).toHaveLength(3);
  });

  it("test_without_models_points_to_training", async () => {
    mockFetch({ "GET /api/templates": { data: [], count: 0 }, "GET /api/models": { data: [], count: 0 } });
    renderApp("/testing");
    expect(await screen.findByText("No trained model yet")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Go to Training" })).toHaveAttribute("href", "/training");
  });

  it("test_unknown_model_in_the_url_says_so_with_a_way_out", async () => {
    mockFetch({
      "GET /api/templates": { data: [], count: 0 },
      "GET /api/models": { data: [newer], count: 1 },
      "GET /api/models/77": new Response(JSON.stringify({ error: { code: "not_found", message: "Model 77 does not exist.", hint: "Pick one from the list." } }), { status: 404 }),
    });
    renderApp("/testing?model=77");
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Model 77 does not exist.");
    expect(within(alert).getByRole("link", { name: "Test the newest model" })).toHaveAttribute("href", "/testing");
  });
});
