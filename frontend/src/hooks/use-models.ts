import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/client";
import { queryKeys } from "@/lib/query-keys";

/** Every registered model version, newest first. */
export function useModels() {
  return useQuery({
    queryKey: queryKeys.models.list(),
    queryFn: async () => unwrap(await api.GET("/api/models")).data,
  });
}

/** Delete a model version and its files; refused (409) while a deployment serves it. */
export function useDeleteModel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: number) =>
      unwrap(await api.DELETE("/api/models/{model_id}", { params: { path: { model_id: id } } })),
    onSuccess: (_data, id) => {
      queryClient.removeQueries({ queryKey: queryKeys.models.detail(id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.models.list() });
    },
    meta: { silent: true }, // the dialog shows the refusal and its fix
  });
}
