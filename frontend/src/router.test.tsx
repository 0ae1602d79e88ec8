import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { describe, expect, it } from "vitest";

import { createQueryClient } from "@/lib/query-client";
import { routes } from "@/router";
import { mockFetch } from "@/test/mock-fetch";

const template = {
  id: "text-classifier",
  name: "Text Classifier",
  description: "Sort texts into your own categories.",
  task: "classifier",
  data_shape: "A table with a text column and a label column.",
  example_rows: [{ text: "Do you ship to Canada?", label: "question" }],
  min_examples: 20,
  recommended_examples: 100,
  default_model: "distilbert-base-uncased",
};

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

  it("test_training_tab_is_an_honest_empty_state", async () => {
    mockFetch({});
    renderApp("/training");
    expect(screen.getByText("Training arrives with the next release — upload data first.")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole("link", { name: /go to data/i })).toHaveAttribute("href", "/data"));
  });
});
