import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { makeDataset, makeFinding } from "@/test/fixtures";
import { mockFetch } from "@/test/mock-fetch";
import { renderWithProviders } from "@/test/render";

import { FindingsList } from "./findings-list";

const findings = [
  makeFinding({ code: "pii_email", severity: "tip", message: "2 rows contain email addresses.", hint: "Remove personal data.", fix: null, column: "text", sample_rows: [1, 5] }),
  makeFinding(),
  makeFinding({ code: "too_few", severity: "error", message: "Only 12 examples.", hint: "Add at least 20.", fix: null, affected: null, sample_rows: [] }),
];

describe("FindingsList", () => {
  it("test_findings_sorted_worst_first_with_severity_hint_and_rows", () => {
    renderWithProviders(<FindingsList datasetId={1} rows={12} findings={findings} />);

    const items = within(screen.getByRole("list", { name: "Findings" })).getAllByRole("listitem");
    expect(items.map((item) => item.querySelector("[data-slot=badge]")?.textContent)).toEqual(["Error", "Warning", "Tip"]);
    expect(items[2]).toHaveTextContent("Remove personal data.");
    expect(items[2]).toHaveTextContent("Column “text” · 1 row affected · e.g. row 2, 6");
    // Only the finding with a fix gets a button.
    expect(screen.getAllByRole("button")).toHaveLength(1);
  });

  it("test_fix_button_calls_clean_and_opens_the_new_version", async () => {
    const fetchMock = mockFetch({
      "POST /api/datasets/1/clean": () => Response.json(makeDataset({ id: 2, version: 2, parent_id: 1, rows: 11 }), { status: 201 }),
    });
    renderWithProviders(<FindingsList datasetId={1} rows={12} findings={findings} />, { route: "/data/1" });

    await userEvent.click(screen.getByRole("button", { name: /fix: remove duplicates/i }));

    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/data/2"));
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const request = fetchMock.mock.calls[0]![0] as Request;
    expect(request.method).toBe("POST");
    expect(await request.json()).toEqual({ ops: ["dedupe"] });
  });

  it("test_no_findings_shows_empty_state", () => {
    renderWithProviders(<FindingsList datasetId={1} rows={12} findings={[]} />);
    expect(screen.getByText("No problems found")).toBeInTheDocument();
  });
});
