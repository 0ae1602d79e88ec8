import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap, type CleanOp, type ColumnChoices, type Dataset } from "@/client";
import { uploadDataset, type UploadOptions } from "@/client/upload";
import { queryKeys } from "@/lib/query-keys";

/** Every dataset version, newest first. */
export function useDatasets() {
  return useQuery({
    queryKey: queryKeys.datasets.list(),
    queryFn: async () => unwrap(await api.GET("/api/datasets")).data,
  });
}

/** One dataset with its detection, profile and findings (`enabled: false` while the id is unknown). */
export function useDataset(id: number, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.datasets.detail(id),
    queryFn: async () =>
      unwrap(await api.GET("/api/datasets/{dataset_id}", { params: { path: { dataset_id: id } } })),
    enabled,
  });
}

/** A page of parsed rows; the previous page stays on screen while the next one loads. */
export function useDatasetPreview(id: number, offset: number, limit: number) {
  return useQuery({
    queryKey: queryKeys.datasets.preview(id, offset, limit),
    queryFn: async () =>
      unwrap(
        await api.GET("/api/datasets/{dataset_id}/preview", {
          params: { path: { dataset_id: id }, query: { offset, limit } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** Put a dataset the server just returned into the cache and refresh the list. */
function useStoreDataset() {
  const queryClient = useQueryClient();
  return (dataset: Dataset) => {
    queryClient.setQueryData(queryKeys.datasets.detail(dataset.id), dataset);
    void queryClient.invalidateQueries({ queryKey: queryKeys.datasets.list() });
  };
}

/** Upload a file (progress through `onProgress`); errors are shown by the dropzone itself. */
export function useUploadDataset() {
  const store = useStoreDataset();
  return useMutation({
    mutationFn: ({ file, ...options }: UploadOptions & { file: File }) => uploadDataset(file, options),
    onSuccess: store,
    meta: { silent: true },
  });
}

/** Load the sample dataset a template ships; it is analysed like an upload. */
export function useLoadSample() {
  const store = useStoreDataset();
  return useMutation({
    mutationFn: async (templateId: string) =>
      unwrap(await api.POST("/api/datasets/samples", { body: { template_id: templateId } })),
    onSuccess: store,
    meta: { silent: true },
  });
}

/** Change which column plays which role; the server re-profiles the dataset. */
export function useUpdateRoles(id: number) {
  const store = useStoreDataset();
  return useMutation({
    mutationFn: async (roles: Record<string, string>) =>
      unwrap(
        await api.PATCH("/api/datasets/{dataset_id}", {
          params: { path: { dataset_id: id } },
          body: { roles },
        }),
      ),
    onSuccess: store,
  });
}

/**
 * Replace which columns training uses and which missing-value markers are real values; the
 * server re-profiles, and the preview re-reads the rows (a marker may now be a value).
 */
export function useUpdateColumnChoices(id: number) {
  const store = useStoreDataset();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (choices: ColumnChoices) =>
      unwrap(
        await api.PATCH("/api/datasets/{dataset_id}", {
          params: { path: { dataset_id: id } },
          body: { column_choices: choices },
        }),
      ),
    onSuccess: (dataset) => {
      store(dataset);
      void queryClient.invalidateQueries({ queryKey: queryKeys.datasets.previews(id) });
    },
  });
}

/** Apply cleaning steps; resolves with the NEW dataset version. */
export function useCleanDataset(id: number) {
  const store = useStoreDataset();
  return useMutation({
    mutationFn: async (ops: CleanOp[]) =>
      unwrap(
        await api.POST("/api/datasets/{dataset_id}/clean", {
          params: { path: { dataset_id: id } },
          body: { ops },
        }),
      ),
    onSuccess: store,
  });
}

/** Delete one dataset version. */
export function useDeleteDataset() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: number) => {
      unwrap(await api.DELETE("/api/datasets/{dataset_id}", { params: { path: { dataset_id: id } } }));
      return id;
    },
    onSuccess: (id) => {
      queryClient.removeQueries({ queryKey: queryKeys.datasets.detail(id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.datasets.list() });
    },
  });
}
