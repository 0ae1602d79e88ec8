import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { FakeXHR } from "@/test/fake-xhr";
import { makeDataset } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";

import { UploadDropzone } from "./upload-dropzone";

const file = () => new File(["text,label\nhello,greeting\n"], "tickets.csv", { type: "text/csv" });

describe("UploadDropzone", () => {
  beforeEach(() => FakeXHR.install());

  it("test_upload_shows_progress_then_reports_the_dataset", async () => {
    const onUploaded = vi.fn();
    renderWithProviders(<UploadDropzone templateId="text-classifier" onUploaded={onUploaded} />);

    await userEvent.upload(screen.getByLabelText(/drop your data file here/i), file());

    const xhr = FakeXHR.last!;
    expect(xhr.method).toBe("POST");
    expect(xhr.url).toBe("/api/datasets");
    expect((xhr.body!.get("file") as File).name).toBe("tickets.csv");
    expect(xhr.body!.get("template_id")).toBe("text-classifier");

    act(() => xhr.progress(40, 100));
    expect(screen.getByText("40%")).toBeInTheDocument();
    expect(screen.getByRole("progressbar", { name: /uploading tickets\.csv/i })).toHaveAttribute(
      "aria-valuenow",
      "40",
    );

    act(() => xhr.progress(100, 100));
    expect(screen.getByText(/checking your data/i)).toBeInTheDocument();

    const dataset = makeDataset({ id: 7 });
    await act(async () => xhr.respond(201, dataset));
    await waitFor(() => expect(onUploaded).toHaveBeenCalledWith(expect.objectContaining({ id: 7 })));
    expect(screen.queryByRole("progressbar")).not.toBeInTheDocument();
  });

  it("test_upload_error_shows_message_and_hint", async () => {
    const onUploaded = vi.fn();
    renderWithProviders(<UploadDropzone onUploaded={onUploaded} />);

    await userEvent.upload(screen.getByLabelText(/drop your data file here/i), file());
    const xhr = FakeXHR.last!;
    expect(xhr.body!.get("template_id")).toBeNull();

    await act(async () =>
      xhr.respond(422, {
        error: {
          code: "unreadable",
          message: "This file is binary, not text.",
          hint: "Export it as CSV or JSON Lines and upload again.",
        },
      }),
    );

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("This file is binary, not text.");
    expect(alert).toHaveTextContent("Export it as CSV or JSON Lines and upload again.");
    expect(onUploaded).not.toHaveBeenCalled();
  });

  it("test_upload_accepts_a_dropped_file", async () => {
    renderWithProviders(<UploadDropzone onUploaded={vi.fn()} />);
    const zone = screen.getByText(/drop your data file here/i).closest("label")!;
    const dropped = file();

    await act(async () => {
      zone.dispatchEvent(
        Object.assign(new Event("drop", { bubbles: true, cancelable: true }), {
          dataTransfer: { files: [dropped] },
        }),
      );
    });

    expect((FakeXHR.last!.body!.get("file") as File).name).toBe("tickets.csv");
  });
});
