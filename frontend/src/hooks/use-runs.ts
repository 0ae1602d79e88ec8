import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap, type PlanRequest, type Run } from "@/client";
import { queryKeys } from "@/lib/query-keys";
import { isFinal } from "@/lib/run-events";

const ACTIVE_REFRESH_MS = 3_000;

/** Recent runs, newest first; refreshed while any of them is still going. */
export function useRuns(limit = 10) {
  return useQuery({
    queryKey: queryKeys.runs.page(limit),
    queryFn: async () =>
      unwrap(await api.GET("/api/runs", { params: { query: { limit } } })).data,
    refetchInterval: (query) =>
      query.state.data?.some((run) => !isFinal(run.status)) ? ACTIVE_REFRESH_MS : false,
  });
}

/** One run with its plan, progress, metrics or error. */
export function useRun(id: number) {
  return useQuery({
    queryKey: queryKeys.runs.detail(id),
    queryFn: async () => unwrap(await api.GET("/api/runs/{run_id}", { params: { path: { run_id: id } } })),
  });
}

/**
 * The automatic plan for these choices; the last plan stays on screen while a changed setting
 * is re-planned. Errors (an override out of range) are shown by the plan panel.
 */
export function usePlan(request: PlanRequest | null) {
  return useQuery({
    queryKey: queryKeys.runs.plan(request ?? { template_id: "", dataset_id: 0, preset: "beginner" }),
    queryFn: async () => unwrap(await api.POST("/api/runs/plan", { body: request! })),
    enabled: request !== null,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    meta: { silent: true },
  });
}

/** Put a run the server just returned into the cache and refresh the list. */
function useStoreRun() {
  const queryClient = useQueryClient();
  return (run: Run) => {
    queryClient.setQueryData(queryKeys.runs.detail(run.id), run);
    void queryClient.invalidateQueries({ queryKey: queryKeys.runs.list() });
  };
}

/** Plan and queue a run; resolves with it (the worker starts it within a second or two). */
export function useStartRun() {
  const store = useStoreRun();
  return useMutation({
    mutationFn: async (request: PlanRequest) => unwrap(await api.POST("/api/runs", { body: request })),
    onSuccess: store,
  });
}

/** Ask a run to stop at its next step (it keeps a checkpoint). */
export function useCancelRun(id: number) {
  const store = useStoreRun();
  return useMutation({
    mutationFn: async () =>
      unwrap(await api.POST("/api/runs/{run_id}/cancel", { params: { path: { run_id: id } } })),
    onSuccess: store,
  });
}

/** Queue a stopped run again; it continues from its last checkpoint. */
export function useResumeRun(id: number) {
  const store = useStoreRun();
  return useMutation({
    mutationFn: async () =>
      unwrap(await api.POST("/api/runs/{run_id}/resume", { params: { path: { run_id: id } } })),
    onSuccess: store,
  });
}

/** A registered model version: its metrics and the verdict of its quality gates. */
export function useModel(id: number | null | undefined) {
  return useQuery({
    queryKey: queryKeys.models.detail(id ?? 0),
    queryFn: async () =>
      unwrap(await api.GET("/api/models/{model_id}", { params: { path: { model_id: id! } } })),
    enabled: id != null,
    staleTime: Infinity, // a model version never changes
  });
}
