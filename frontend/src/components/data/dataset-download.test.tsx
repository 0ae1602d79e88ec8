import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { makeDataset } from "@/test/fixtures";

import { DatasetDownload } from "./dataset-download";

describe("DatasetDownload", () => {
  it("test_download_menu_links_each_format_of_the_cleaned_version", async () => {
    const user = userEvent.setup();
    render(<DatasetDownload dataset={makeDataset({ id: 9, version: 2, parent_id: 1, clean_ops: ["dedupe"] })} />);

    await user.click(screen.getByText("Download"));
    expect(screen.getByText(/Downloading/)).toHaveTextContent("Downloading v2 (cleaned)");
    const menu = screen.getByRole("list", { name: "Download tickets v2 (cleaned)" });
    const links = within(menu).getAllByRole("link");
    expect(links.map((link) => link.getAttribute("href"))).toEqual([
      "/api/datasets/9/download?format=csv",
      "/api/datasets/9/download?format=jsonl",
      "/api/datasets/9/download?format=parquet",
      "/api/datasets/9/download?format=original",
    ]);
    expect(links.every((link) => link.hasAttribute("download"))).toBe(true);
    expect(within(menu).getByRole("link", { name: /^JSON Lines/ })).toBeInTheDocument();
    expect(within(menu).getByRole("link", { name: /^Original file/ })).toHaveTextContent("tickets.csv, byte for byte as uploaded (before cleaning).");
  });

  it("test_download_menu_names_an_upload_and_closes_on_escape", async () => {
    const user = userEvent.setup();
    const { container } = render(<DatasetDownload dataset={makeDataset()} />);
    const details = container.querySelector("details")!;

    await user.click(screen.getByText("Download"));
    expect(details.open).toBe(true);
    expect(screen.getByText(/Downloading/)).toHaveTextContent("Downloading v1 (as uploaded)");
    expect(screen.getByRole("link", { name: /^Original file/ })).toHaveTextContent("tickets.csv, byte for byte as uploaded.");

    await user.keyboard("{Escape}");
    expect(details.open).toBe(false);

    await user.click(screen.getByText("Download"));
    await user.click(document.body); // a click elsewhere closes it too
    expect(details.open).toBe(false);
  });
});
