import type { ModelVersion } from "@/client";
import { ErrorState } from "@/components/common/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useExports } from "@/hooks/use-exports";
import { exportFormats, unavailableReason } from "@/lib/export-formats";

import { ExportRow } from "./export-row";

/** PyTorch, ONNX and ONNX int8 downloads, each with the result of its parity check once built. */
export function DownloadsPanel({ model }: { model: ModelVersion }) {
  const exports = useExports(model.id);
  if (exports.isPending) {
    return (
      <div role="status" aria-label="Loading downloads" className="space-y-3">
        {exportFormats.map((info) => (
          <Skeleton key={info.format} className="h-20 w-full rounded-lg" />
        ))}
      </div>
    );
  }
  if (exports.isError) return <ErrorState error={exports.error} onRetry={() => exports.refetch()} />;
  return (
    <div className="space-y-3">
      <p className="text-sm text-muted-foreground">
        The first download of a format builds it and checks it against the model served here (parity): the result stays beside its button.
      </p>
      <ul aria-label="Downloads" className="space-y-3">
        {exportFormats.map((info) => (
          <ExportRow
            key={info.format}
            modelId={model.id}
            info={info}
            built={exports.data.find((item) => item.format === info.format)}
            unavailable={unavailableReason(info.format, model.task)}
          />
        ))}
      </ul>
    </div>
  );
}
