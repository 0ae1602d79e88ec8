import { FileUp, Loader2, UploadCloud } from "lucide-react";
import { useId, useState } from "react";

import type { Dataset } from "@/client";
import { ErrorState } from "@/components/common/error-state";
import { Progress } from "@/components/ui/progress";
import { useUploadDataset } from "@/hooks/use-datasets";
import { formatBytes } from "@/lib/format";
import { cn } from "@/lib/utils";

export const ACCEPTED_FILES = ".csv,.tsv,.txt,.json,.jsonl";

interface UploadDropzoneProps extends Omit<React.ComponentProps<"div">, "onDrop"> {
  templateId?: string | null;
  onUploaded: (dataset: Dataset) => void;
}

/** Drop a file or choose one; shows real upload progress, then the server's verdict. */
export function UploadDropzone({ templateId, onUploaded, className, ...props }: UploadDropzoneProps) {
  const inputId = useId();
  const upload = useUploadDataset();
  const [dragging, setDragging] = useState(false);
  const [progress, setProgress] = useState(0);
  const file = upload.variables?.file;

  function start(chosen: File | undefined) {
    if (!chosen || upload.isPending) return;
    setProgress(0);
    upload.mutate(
      { file: chosen, templateId, onProgress: (fraction) => setProgress(Math.round(fraction * 100)) },
      { onSuccess: (dataset) => onUploaded(dataset) },
    );
  }

  return (
    <div className={cn("space-y-3", className)} {...props}>
      <label
        htmlFor={inputId}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => {
          event.preventDefault();
          setDragging(false);
          start(event.dataTransfer.files[0]);
        }}
        className={cn(
          "flex cursor-pointer flex-col items-center justify-center gap-3 rounded-xl border-2 border-dashed bg-card px-6 py-10 text-center transition-colors has-[:focus-visible]:border-ring has-[:focus-visible]:ring-[3px] has-[:focus-visible]:ring-ring/50 hover:border-primary/50 hover:bg-accent/40",
          dragging && "border-primary bg-accent/60",
          upload.isPending && "pointer-events-none opacity-80",
        )}
      >
        <span className="flex size-12 items-center justify-center rounded-full bg-accent text-accent-foreground">
          <UploadCloud aria-hidden="true" className="size-6" />
        </span>
        <span className="text-base font-medium">
          {dragging ? "Drop it here" : "Drop your data file here, or click to choose one"}
        </span>
        <span className="text-sm text-muted-foreground">
          CSV, TSV, JSON, JSON Lines or plain text. We work out the format for you.
        </span>
        <input
          id={inputId}
          type="file"
          accept={ACCEPTED_FILES}
          className="sr-only"
          disabled={upload.isPending}
          onChange={(event) => {
            start(event.target.files?.[0]);
            event.target.value = ""; // choosing the same file again still triggers a change
          }}
        />
      </label>

      {upload.isPending && file && (
        <UploadProgress fileName={file.name} size={file.size} percent={progress} />
      )}
      {upload.isError && <ErrorState error={upload.error} />}
    </div>
  );
}

interface UploadProgressProps {
  fileName: string;
  size: number;
  percent: number;
}

function UploadProgress({ fileName, size, percent }: UploadProgressProps) {
  const analysing = percent >= 100;
  return (
    <div className="space-y-2 rounded-lg border bg-card p-4" aria-live="polite">
      <div className="flex items-center justify-between gap-3 text-sm">
        <span className="flex min-w-0 items-center gap-2">
          <FileUp aria-hidden="true" className="size-4 shrink-0 text-muted-foreground" />
          <span className="truncate font-medium">{fileName}</span>
          <span className="shrink-0 text-muted-foreground">{formatBytes(size)}</span>
        </span>
        <span className="flex shrink-0 items-center gap-1.5 text-muted-foreground">
          {analysing && <Loader2 aria-hidden="true" className="size-3.5 animate-spin" />}
          {analysing ? "Checking your data…" : `${percent}%`}
        </span>
      </div>
      <Progress value={percent} aria-label={`Uploading ${fileName}`} />
    </div>
  );
}
