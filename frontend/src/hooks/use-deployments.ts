import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap, type Deployment } from "@/client";
import { queryKeys } from "@/lib/query-keys";

const USAGE_REFRESH_MS = 3_000;

/** Every deployment, newest first. */
export function useDeployments() {
  return useQuery({
    queryKey: queryKeys.deployments.list(),
    queryFn: async () => unwrap(await api.GET("/api/deployments", { params: { query: { limit: 500 } } })).data,
  });
}

/** Whether a deployment serves this model version now or did before (so it can roll back to it). */
export function servesModel(deployment: Deployment, modelId: number): boolean {
  return deployment.model_version_id === modelId || deployment.history.some((entry) => entry.model_version_id === modelId);
}

/** The other version a rollback would serve, if the deployment ever served one. */
export function previousVersion(deployment: Deployment): number | undefined {
  const ids = deployment.history.map((entry) => entry.model_version_id).filter((id): id is number => typeof id === "number");
  return ids.filter((id) => id !== deployment.model_version_id).at(-1);
}

function useRefreshList() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: queryKeys.deployments.list() });
}

/** Deploy a model version: a new URL and its first API key (in the answer only, shown once). */
export function useDeploy() {
  const refresh = useRefreshList();
  return useMutation({
    mutationFn: async (modelVersionId: number) =>
      unwrap(await api.POST("/api/deployments", { body: { model_version_id: modelVersionId } })),
    onSuccess: refresh,
  });
}

type Change = { action: "undeploy" } | { action: "rollback" } | { action: "serve"; modelVersionId: number };

/** Undeploy, roll back to the version before, or serve a version again at the same URL. */
export function useChangeDeployment(id: number) {
  const refresh = useRefreshList();
  return useMutation({
    mutationFn: async (change: Change) => {
      const path = { params: { path: { deployment_id: id } } };
      if (change.action === "undeploy") return unwrap(await api.POST("/api/deployments/{deployment_id}/undeploy", path));
      if (change.action === "rollback") return unwrap(await api.POST("/api/deployments/{deployment_id}/rollback", path));
      return unwrap(await api.PUT("/api/deployments/{deployment_id}/version", { ...path, body: { model_version_id: change.modelVersionId } }));
    },
    onSuccess: refresh,
  });
}

/** Another API key for a deployment (its full value is in this answer only). */
export function useCreateKey(id: number) {
  const refresh = useRefreshList();
  return useMutation({
    mutationFn: async () =>
      unwrap(await api.POST("/api/deployments/{deployment_id}/keys", { params: { path: { deployment_id: id } }, body: { name: "default" } })),
    onSuccess: refresh,
  });
}

/** Requests, errors and latency of a deployment, refreshed every few seconds while shown. */
export function useUsage(id: number) {
  return useQuery({
    queryKey: queryKeys.deployments.usage(id),
    queryFn: async () =>
      unwrap(await api.GET("/api/deployments/{deployment_id}/usage", { params: { path: { deployment_id: id }, query: { days: 2 } } })),
    refetchInterval: USAGE_REFRESH_MS,
    staleTime: 0,
  });
}
