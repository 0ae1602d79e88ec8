import { useMutation } from "@tanstack/react-query";

import { api, unwrap, type ClassifyOutput, type TabularOutput } from "@/client";
import { filenameOf } from "@/lib/download";

/** Label texts, with the attention of each (the "what did it look at" view). */
export function useClassify(modelId: number) {
  return useMutation({
    mutationFn: async (texts: string[]) =>
      unwrap(
        await api.POST("/api/models/{model_id}/predict", {
          params: { path: { model_id: modelId } },
          body: { texts, attention: true },
        }),
      ) as ClassifyOutput,
    meta: { silent: true }, // the panel shows the message and fix beside the form
  });
}

/** Predict table rows given as {column: value}. */
export function usePredictRows(modelId: number) {
  return useMutation({
    mutationFn: async (rows: Record<string, unknown>[]) =>
      unwrap(
        await api.POST("/api/models/{model_id}/predict", {
          params: { path: { model_id: modelId } },
          body: { rows },
        }),
      ) as TabularOutput,
    meta: { silent: true },
  });
}

export interface PredictedFile {
  csv: string;
  filename: string;
}

/** Predict every row of a CSV file: the same table back with prediction columns. */
export function usePredictCsv(modelId: number) {
  return useMutation({
    mutationFn: async (file: File): Promise<PredictedFile> => {
      const form = new FormData();
      form.append("file", file);
      const result = await api.POST("/api/models/{model_id}/predict/csv", {
        params: { path: { model_id: modelId } },
        body: form as unknown as { file: string },
        parseAs: "text",
      });
      const csv = unwrap(result) as unknown as string;
      const fallback = `${file.name.replace(/\.[^.]+$/, "") || "rows"}-predictions.csv`;
      return { csv, filename: filenameOf(result.response.headers.get("Content-Disposition"), fallback) };
    },
    meta: { silent: true },
  });
}
