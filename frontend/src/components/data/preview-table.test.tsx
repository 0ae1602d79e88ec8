import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { makePreview } from "@/test/fixtures";
import { json, mockFetch } from "@/test/mock-fetch";
import { renderWithProviders } from "@/test/render";

import { PreviewTable } from "./preview-table";

describe("PreviewTable", () => {
  it("test_preview_pages_through_rows", async () => {
    const fetchMock = mockFetch({
      "GET /api/datasets/3/preview": (_request, url) =>
        makePreview(25, Number(url.searchParams.get("offset")), Number(url.searchParams.get("limit"))),
    });
    renderWithProviders(<PreviewTable datasetId={3} pageSize={10} />);

    const table = await screen.findByRole("table", { name: "Data preview" });
    expect(within(table).getAllByRole("columnheader").map((th) => th.textContent)).toEqual(["#", "text", "label"]);
    expect(within(table).getAllByRole("row")).toHaveLength(11);
    expect(screen.getByText("Rows 1–10 of 25")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /previous/i })).toBeDisabled();

    await userEvent.click(screen.getByRole("button", { name: /next/i }));
    expect(await screen.findByText("Rows 11–20 of 25")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: /next/i }));
    expect(await screen.findByText("Rows 21–25 of 25")).toBeInTheDocument();
    expect(screen.getByText("Example text 25")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /next/i })).toBeDisabled();

    const offsets = fetchMock.mock.calls.map(([request]) => new URL((request as Request).url).searchParams.get("offset"));
    expect(offsets).toEqual(["0", "10", "20"]);
  });

  it("test_preview_renders_chat_turns_and_missing_values", async () => {
    mockFetch({
      "GET /api/datasets/4/preview": {
        columns: ["messages", "note"],
        rows: [{ messages: [{ role: "user", content: "Hi" }, { role: "assistant", content: "Hello!" }], note: null }],
        total: 1,
        offset: 0,
        limit: 20,
      },
    });
    renderWithProviders(<PreviewTable datasetId={4} />);

    expect(await screen.findByText("Hello!")).toBeInTheDocument();
    expect(screen.getByText("assistant:")).toBeInTheDocument();
    expect(screen.getByText("—")).toBeInTheDocument();
  });

  it("test_preview_empty_dataset_shows_empty_state", async () => {
    mockFetch({ "GET /api/datasets/5/preview": makePreview(0) });
    renderWithProviders(<PreviewTable datasetId={5} />);
    expect(await screen.findByText("No rows to show")).toBeInTheDocument();
  });

  it("test_preview_error_shows_message_and_hint", async () => {
    mockFetch({
      "GET /api/datasets/6/preview": () =>
        json({ error: { code: "not_found", message: "Dataset 6 does not exist.", hint: "Open one from the list." } }, 404),
    });
    renderWithProviders(<PreviewTable datasetId={6} />);

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Dataset 6 does not exist.");
    expect(alert).toHaveTextContent("Open one from the list.");
  });
});
