import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type { ModelExport } from "@/client";
import { saveUrl } from "@/lib/download";
import { makeModel } from "@/test/fixtures";
import { json, mockFetch } from "@/test/mock-fetch";
import { renderWithProviders } from "@/test/render";
import { makeExport } from "@/test/testing-fixtures";

import { DownloadsPanel } from "./downloads-panel";

vi.mock("@/lib/download", async (original) => ({ ...(await original<typeof import("@/lib/download")>()), saveUrl: vi.fn() }));

describe("DownloadsPanel", () => {
  it("test_failed_parity_is_shown_with_its_reasons", async () => {
    mockFetch({ "GET /api/models/5/exports": { data: [makeExport("pytorch", true), makeExport("onnx", false)], count: 2 } });
    renderWithProviders(<DownloadsPanel model={makeModel()} />);

    const onnx = await screen.findByRole("listitem", { name: "ONNX" });
    expect(within(onnx).getByText("Parity failed")).toBeInTheDocument();
    expect(onnx).toHaveTextContent("Does not answer like the original (transformers on PyTorch (fp32))");
    expect(within(onnx).getByRole("list", { name: "Why it failed" })).toHaveTextContent("6 of 40 texts got a different label");
    const checks = within(onnx).getByRole("list", { name: "Parity checks" });
    expect(within(checks).getAllByLabelText("failed")).toHaveLength(2);
    expect(checks).toHaveTextContent("share of texts given the same label: 0.85 (needs ≥ 0.99)");

    const pytorch = screen.getByRole("listitem", { name: "PyTorch" });
    expect(within(pytorch).getByText("Parity passed")).toBeInTheDocument();
    expect(within(pytorch).queryByText("Parity failed")).not.toBeInTheDocument();

    const int8 = screen.getByRole("listitem", { name: "ONNX int8" });
    expect(within(int8).queryByText(/Parity/)).not.toBeInTheDocument(); // not built yet
    expect(within(int8).getByRole("button", { name: "Download ONNX int8" })).toBeEnabled();
  });

  it("test_download_builds_reads_the_parity_header_then_saves_the_file", async () => {
    const state = { built: [] as ModelExport[] };
    mockFetch({
      "GET /api/models/5/exports": () => ({ data: state.built, count: state.built.length }),
      "GET /api/models/5/download": (_request, url) => {
        expect(url.searchParams.get("format")).toBe("onnx-int8");
        state.built = [makeExport("onnx-int8", false)];
        return new Response("PK…", { headers: { "Content-Type": "application/zip", "X-Tunewright-Parity": "failed" } });
      },
    });
    renderWithProviders(<DownloadsPanel model={makeModel()} />);

    const int8 = await screen.findByRole("listitem", { name: "ONNX int8" });
    await userEvent.click(within(int8).getByRole("button", { name: "Download ONNX int8" }));

    await waitFor(() => expect(saveUrl).toHaveBeenCalledWith("/api/models/5/download?format=onnx-int8"));
    expect(await within(int8).findByText("Parity failed")).toBeInTheDocument();
    expect(await within(int8).findByRole("list", { name: "Why it failed" })).toBeInTheDocument();
  });

  it("test_table_models_explain_why_there_is_no_int8_and_errors_show_their_fix", async () => {
    mockFetch({
      "GET /api/models/6/exports": { data: [], count: 0 },
      "GET /api/models/6/download": () =>
        json({ error: { code: "artifact_missing", message: "The model's files are gone.", hint: "Train it again." } }, 409),
    });
    renderWithProviders(<DownloadsPanel model={makeModel({ id: 6, task: "tabular" })} />);

    const int8 = await screen.findByRole("listitem", { name: "ONNX int8" });
    expect(int8).toHaveTextContent("Table models have no int8 variant");
    expect(within(int8).queryByRole("button")).not.toBeInTheDocument();

    const onnx = screen.getByRole("listitem", { name: "ONNX" });
    await userEvent.click(within(onnx).getByRole("button", { name: "Download ONNX" }));
    const alert = await within(onnx).findByRole("alert");
    expect(alert).toHaveTextContent("The model's files are gone.");
    expect(alert).toHaveTextContent("Train it again.");
  });
});
