import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap, type ExportFormat } from "@/client";
import { saveUrl } from "@/lib/download";
import { queryKeys } from "@/lib/query-keys";

/** The exports built for a model version so far, each with its parity check. */
export function useExports(modelId: number) {
  return useQuery({
    queryKey: queryKeys.models.exports(modelId),
    queryFn: async () =>
      unwrap(await api.GET("/api/models/{model_id}/exports", { params: { path: { model_id: modelId } } })).data,
  });
}

export type ParityResult = "passed" | "failed";

/**
 * Build (first time) and download an export. The first request waits for the build and reads
 * the parity header, then drops its body; the browser then downloads the built zip itself, so
 * a large model streams to disk instead of into memory.
 */
export function useDownloadExport(modelId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (format: ExportFormat): Promise<ParityResult> => {
      const result = await api.GET("/api/models/{model_id}/download", {
        params: { path: { model_id: modelId }, query: { format } },
        parseAs: "stream",
      });
      unwrap(result);
      void (result.data as ReadableStream | null | undefined)?.cancel().catch(() => undefined);
      saveUrl(`/api/models/${modelId}/download?format=${format}`);
      return result.response.headers.get("X-Tunewright-Parity") === "passed" ? "passed" : "failed";
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.models.exports(modelId) }),
    meta: { silent: true }, // each format shows its own error beside its button
  });
}
