import { ChevronDown, Download } from "lucide-react";
import { useEffect, useRef, useState } from "react";

import type { Dataset, DatasetDownloadFormat } from "@/client";
import { buttonVariants } from "@/components/ui/button";
import { cn } from "@/lib/utils";

interface DownloadOption {
  format: DatasetDownloadFormat;
  label: string;
  description: (dataset: Dataset) => string;
}

const options: DownloadOption[] = [
  { format: "csv", label: "CSV", description: () => "The rows as training reads them; opens in any spreadsheet." },
  { format: "jsonl", label: "JSON Lines", description: () => "One JSON object per row." },
  { format: "parquet", label: "Parquet", description: () => "Typed columns, for pandas, Polars or Spark." },
  {
    format: "original",
    label: "Original file",
    description: (dataset) => `${dataset.filename}, byte for byte as uploaded${isCleaned(dataset) ? " (before cleaning)" : ""}.`,
  },
];

function isCleaned(dataset: Pick<Dataset, "parent_id" | "clean_ops">): boolean {
  return dataset.parent_id != null || (dataset.clean_ops?.length ?? 0) > 0;
}

/** "v2 (cleaned)" or "v1 (as uploaded)": the version a download holds. */
function versionLabel(dataset: Pick<Dataset, "version" | "parent_id" | "clean_ops">): string {
  return `v${dataset.version} (${isCleaned(dataset) ? "cleaned" : "as uploaded"})`;
}

/** Where the server sends one version of a dataset as a file. */
function datasetDownloadUrl(id: number, format: DatasetDownloadFormat): string {
  return `/api/datasets/${id}/download?format=${format}`;
}

/** A Download menu: this version's rows as CSV, JSON Lines or Parquet, or the file as uploaded. */
export function DatasetDownload({ dataset, className, ...props }: { dataset: Dataset } & React.ComponentProps<"details">) {
  const ref = useRef<HTMLDetailsElement>(null);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    if (!open) return;
    // A click anywhere else closes the menu, as a menu would.
    const closeOutside = (event: PointerEvent) => {
      if (!ref.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", closeOutside);
    return () => document.removeEventListener("pointerdown", closeOutside);
  }, [open]);

  const version = versionLabel(dataset);
  return (
    <details
      ref={ref}
      open={open}
      onToggle={(event) => setOpen(event.currentTarget.open)}
      onKeyDown={(event) => {
        if (event.key !== "Escape" || !open) return;
        setOpen(false);
        ref.current?.querySelector("summary")?.focus();
      }}
      className={cn("relative", className)}
      {...props}
    >
      <summary className={cn(buttonVariants({ variant: "outline" }), "cursor-pointer list-none [&::-webkit-details-marker]:hidden")}>
        <Download aria-hidden="true" /> Download
        <ChevronDown aria-hidden="true" className={cn("transition-transform", open && "rotate-180")} />
      </summary>
      {/* Rendered only while open, so the page holds no hidden second "CSV". */}
      {open && (
        <div className="absolute left-0 z-20 sm:right-0 sm:left-auto mt-2 w-72 max-w-[calc(100vw-2rem)] rounded-md border bg-popover p-1 text-popover-foreground shadow-md">
          <p className="px-2.5 pt-1.5 pb-1 text-xs text-muted-foreground">
            Downloading <span className="font-medium text-foreground">{version}</span>
          </p>
          <ul aria-label={`Download ${dataset.name} ${version}`}>
            {options.map((option) => (
              <li key={option.format}>
                <a
                  href={datasetDownloadUrl(dataset.id, option.format)}
                  download
                  onClick={() => setOpen(false)}
                  className="block rounded-sm px-2.5 py-1.5 outline-none hover:bg-accent focus-visible:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50"
                >
                  <span className="block text-sm font-medium">{option.label}</span>
                  <span className="block text-xs text-muted-foreground">{option.description(dataset)}</span>
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
    </details>
  );
}
