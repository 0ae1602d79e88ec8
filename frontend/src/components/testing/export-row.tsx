import { CheckCircle2, Download, Loader2, XCircle } from "lucide-react";

import type { ModelExport } from "@/client";
import { ErrorState } from "@/components/common/error-state";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { useDownloadExport } from "@/hooks/use-exports";
import type { FormatInfo } from "@/lib/export-formats";
import { formatBytes, formatMeasure } from "@/lib/format";
import { cn } from "@/lib/utils";

interface ExportRowProps {
  modelId: number;
  info: FormatInfo;
  /** The export as built, with its parity check; undefined before the first download. */
  built: ModelExport | undefined;
  /** Why this format is not offered for the model, if it is not. */
  unavailable: string | null;
}

/** One download format: what it is, the button, and — once built — whether it matches the served model. */
export function ExportRow({ modelId, info, built, unavailable }: ExportRowProps) {
  const download = useDownloadExport(modelId);
  // the header's answer counts until the list has caught up with the build
  const passed = built ? built.parity.passed : download.data ? download.data === "passed" : undefined;

  return (
    <li aria-label={info.title} className={cn("space-y-3 rounded-lg border p-4", passed === false && "border-destructive/40")}>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0 space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            <h4 className="font-medium">{info.title}</h4>
            {passed === true && (
              <Badge variant="success">
                <CheckCircle2 aria-hidden="true" /> Parity passed
              </Badge>
            )}
            {passed === false && (
              <Badge variant="error">
                <XCircle aria-hidden="true" /> Parity failed
              </Badge>
            )}
            {built && <span className="text-xs text-muted-foreground">{formatBytes(built.size_bytes)}</span>}
          </div>
          <p className="text-sm text-pretty text-muted-foreground">{unavailable ?? info.description}</p>
        </div>
        {!unavailable && (
          <Button variant="outline" disabled={download.isPending} onClick={() => download.mutate(info.format)} className="self-start">
            {download.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Download aria-hidden="true" />}
            {download.isPending ? (built ? "Starting…" : "Building and checking…") : `Download ${info.title}`}
          </Button>
        )}
      </div>
      {download.isError && <ErrorState error={download.error} onRetry={() => download.mutate(info.format)} />}
      {built && <ParityDetails parity={built.parity} />}
    </li>
  );
}

function ParityDetails({ parity }: { parity: ModelExport["parity"] }) {
  return (
    <div className={cn("space-y-2 rounded-md px-3 py-2 text-sm", parity.passed ? "bg-emerald-50/60" : "bg-destructive/5 text-destructive")}>
      <p>
        {parity.passed ? "Answers like" : "Does not answer like"} the original ({parity.reference}), checked on{" "}
        {parity.sample_source || `${parity.samples} samples`}.
      </p>
      <ul aria-label="Parity checks" className="space-y-0.5 text-xs">
        {parity.checks.map((check) => (
          <li key={check.name} className="flex items-start gap-1.5">
            {check.passed ? <CheckCircle2 aria-label="passed" className="mt-px size-3.5 shrink-0 text-emerald-600" /> : <XCircle aria-label="failed" className="mt-px size-3.5 shrink-0 text-destructive" />}
            <span className={check.passed ? "text-foreground" : undefined}>
              {check.what}: {formatMeasure(check.value)} (needs {check.rule} {formatMeasure(check.tolerance)})
            </span>
          </li>
        ))}
      </ul>
      {parity.why_failed.length > 0 && (
        <ul aria-label="Why it failed" className="list-disc space-y-0.5 pl-5 text-xs">
          {parity.why_failed.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
