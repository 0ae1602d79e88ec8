import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { makeDataset, makePassengersDataset } from "@/test/fixtures";
import { mockFetch } from "@/test/mock-fetch";
import { renderWithProviders } from "@/test/render";

import { ColumnChoices } from "./column-choices";
import { ColumnsTable } from "./columns-table";

/** Answers the PATCH with the dataset and records each body sent. */
function patchServer() {
  const bodies: unknown[] = [];
  mockFetch({
    "PATCH /api/datasets/4": async (request) => {
      bodies.push(await request.json());
      return makePassengersDataset();
    },
  });
  return bodies;
}

function row(name: string) {
  const list = screen.getByRole("list", { name: "Columns used for training" });
  return within(list).getAllByRole("listitem").find((item) => item.querySelector("span.font-medium")?.textContent === name)!;
}

describe("ColumnChoices", () => {
  it("test_selection_shows_roles_reasons_and_flag_messages", () => {
    renderWithProviders(<ColumnChoices dataset={makePassengersDataset()} editable />);

    expect(screen.getByText(/Learns from/)).toHaveTextContent("Learns from 2 columns · leaves out 2 columns");
    expect(row("survived")).toHaveTextContent("To predict");
    expect(within(row("survived")).queryByRole("switch")).not.toBeInTheDocument(); // the answer is not an input
    expect(within(row("age")).getByRole("switch", { name: "Use age" })).toBeChecked();

    const boat = within(row("boat")).getByRole("switch", { name: "Use boat" });
    expect(boat).not.toBeChecked();
    expect(within(row("boat")).getByLabelText("Flagged")).toBeInTheDocument();
    expect(boat).toHaveAccessibleDescription("Left out: 'boat' alone predicts 'survived' for 97% of rows: it is only filled in for people who survived.");
    expect(within(row("age")).getByRole("switch", { name: "Use age" })).toHaveAccessibleDescription("Used to predict 'survived'");
  });

  it("test_switching_on_a_flagged_column_keeps_it_and_off_a_feature_excludes_it", async () => {
    const bodies = patchServer();
    renderWithProviders(<ColumnChoices dataset={makePassengersDataset()} editable />);

    await userEvent.click(screen.getByRole("switch", { name: "Use boat" }));
    await waitFor(() => expect(bodies).toHaveLength(1));
    expect(bodies[0]).toEqual({ column_choices: { include: ["boat"], exclude: [], markers_off: {} } });

    await waitFor(() => expect(screen.getByRole("switch", { name: "Use sex" })).toBeEnabled());
    await userEvent.click(screen.getByRole("switch", { name: "Use sex" }));
    await waitFor(() => expect(bodies).toHaveLength(2));
    expect(bodies[1]).toEqual({ column_choices: { include: [], exclude: ["sex"], markers_off: {} } });
  });

  it("test_kept_column_is_labelled_and_switching_it_off_drops_the_choice", async () => {
    const base = makePassengersDataset();
    const dataset = makePassengersDataset({ column_choices: { include: ["boat"], exclude: [], markers_off: {} } });
    dataset.profile.selection = base.profile.selection!.map((d) =>
      d.name === "boat" ? { ...d, role: "feature", reason: "kept", explanation: `kept at your request, although: ${base.profile.flags![0]!.message}` } : d,
    );
    const bodies = patchServer();
    renderWithProviders(<ColumnChoices dataset={dataset} editable />);

    expect(row("boat")).toHaveTextContent("Kept (flagged)");
    expect(row("boat")).toHaveTextContent("alone predicts");
    await userEvent.click(screen.getByRole("switch", { name: "Use boat" }));
    await waitFor(() => expect(bodies).toHaveLength(1));
    expect(bodies[0]).toEqual({ column_choices: { include: [], exclude: [], markers_off: {} } });
  });

  it("test_marker_can_be_called_a_real_value_and_back", async () => {
    const bodies = patchServer();
    const { unmount } = renderWithProviders(<ColumnChoices dataset={makePassengersDataset()} editable />);

    const markers = within(row("age")).getByRole("list", { name: "Missing-value markers in age" });
    expect(markers).toHaveTextContent("? — 263 treated as missing");
    await userEvent.click(within(markers).getByRole("button", { name: /^It.s a real value\s*\(“\?” in age\)$/ }));
    await waitFor(() => expect(bodies).toHaveLength(1));
    expect(bodies[0]).toEqual({ column_choices: { include: [], exclude: [], markers_off: { age: ["?"] } } });
    unmount();

    const off = makePassengersDataset({ column_choices: { include: [], exclude: [], markers_off: { age: ["?"] } } });
    off.profile.columns[0] = { ...off.profile.columns[0]!, markers: null, markers_off: { "?": 263 } };
    renderWithProviders(<ColumnChoices dataset={off} editable />);
    expect(row("age")).toHaveTextContent("? — 263 kept as a real value");
    await userEvent.click(within(row("age")).getByRole("button", { name: /treat as missing/i }));
    await waitFor(() => expect(bodies).toHaveLength(2));
    expect(bodies[1]).toEqual({ column_choices: { include: [], exclude: [], markers_off: {} } });
  });

  it("test_other_templates_show_the_selection_read_only", () => {
    renderWithProviders(<ColumnChoices dataset={makePassengersDataset()} editable={false} />);
    expect(screen.queryByRole("switch")).not.toBeInTheDocument();
    expect(row("boat")).toHaveTextContent("Left out");
  });

  it("test_no_selection_shows_the_empty_state", () => {
    const dataset = makeDataset();
    dataset.profile.selection = [];
    renderWithProviders(<ColumnChoices dataset={dataset} editable />);
    expect(screen.getByText("No columns to choose from")).toBeInTheDocument();
  });
});

describe("ColumnsTable", () => {
  it("test_missing_count_names_the_markers", () => {
    const { profile } = makePassengersDataset();
    renderWithProviders(<ColumnsTable columns={profile.columns} roles={profile.roles} />);
    const age = screen.getAllByRole("row").find((r) => r.textContent?.startsWith("age"))!;
    expect(age).toHaveTextContent("263written as “?”");
  });
});
