import { useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/client";
import { queryKeys } from "@/lib/query-keys";

/** The template catalog (it changes only with a release, so it is cached for the session). */
export function useTemplates() {
  return useQuery({
    queryKey: queryKeys.templates,
    queryFn: async () => unwrap(await api.GET("/api/templates")).data,
    staleTime: Infinity,
  });
}

/** One template by id, from the cached catalog. */
export function useTemplate(id: string | null | undefined) {
  const templates = useTemplates();
  return templates.data?.find((template) => template.id === id);
}

/** How long the template's sample takes to train on this machine (computed once per session). */
export function useTemplateEstimate(id: string) {
  return useQuery({
    queryKey: queryKeys.templateEstimate(id),
    queryFn: async () =>
      unwrap(await api.GET("/api/templates/{template_id}/estimate", { params: { path: { template_id: id } } })),
    staleTime: Infinity,
    meta: { silent: true },
  });
}
