import { useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/client";
import { queryKeys } from "@/lib/query-keys";

/** Server, database and worker status, refreshed every 30 s. */
export function useHealth() {
  return useQuery({
    queryKey: queryKeys.health,
    queryFn: async () => unwrap(await api.GET("/api/health")),
    refetchInterval: 30_000,
    meta: { silent: true }, // the header badge shows the failure; no toast every 30 s
  });
}
