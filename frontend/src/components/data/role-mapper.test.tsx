import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { makeDataset } from "@/test/fixtures";
import { mockFetch } from "@/test/mock-fetch";
import { renderWithProviders } from "@/test/render";

import { RoleMapper } from "./role-mapper";

describe("RoleMapper", () => {
  it("test_roles_show_the_template_roles_with_current_columns", () => {
    renderWithProviders(<RoleMapper dataset={makeDataset()} task="classifier" />);

    expect(screen.getByRole("combobox", { name: "Text" })).toHaveTextContent("text");
    expect(screen.getByRole("combobox", { name: "Label" })).toHaveTextContent("label");
  });

  it("test_changing_a_role_patches_the_dataset", async () => {
    const dataset = makeDataset();
    const fetchMock = mockFetch({ "PATCH /api/datasets/1": () => dataset });
    renderWithProviders(<RoleMapper dataset={dataset} task="classifier" />);

    await userEvent.click(screen.getByRole("combobox", { name: "Label" }));
    await userEvent.click(await screen.findByRole("option", { name: "Not used" }));

    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    const request = fetchMock.mock.calls[0]![0] as Request;
    expect(request.method).toBe("PATCH");
    expect(await request.json()).toEqual({ roles: { text: "text" } });
  });
});
