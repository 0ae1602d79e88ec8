import type { PlanRequest } from "@/client";

/** TanStack Query keys, one family per API resource, so invalidation stays precise. */
export const queryKeys = {
  health: ["health"] as const,
  templates: ["templates"] as const,
  templateEstimate: (id: string) => ["templates", "estimate", id] as const,
  datasets: {
    all: ["datasets"] as const,
    list: () => ["datasets", "list"] as const,
    detail: (id: number) => ["datasets", "detail", id] as const,
    /** Every page of one dataset's preview: the prefix to invalidate when its rows are re-read. */
    previews: (id: number) => ["datasets", "preview", id] as const,
    preview: (id: number, offset: number, limit: number) =>
      ["datasets", "preview", id, { offset, limit }] as const,
  },
  runs: {
    all: ["runs"] as const,
    /** Every page of the list: the prefix to invalidate. */
    list: () => ["runs", "list"] as const,
    page: (limit: number) => ["runs", "list", { limit }] as const,
    detail: (id: number) => ["runs", "detail", id] as const,
    plan: (request: PlanRequest) => ["runs", "plan", request] as const,
  },
  models: {
    all: ["models"] as const,
    list: () => ["models", "list"] as const,
    detail: (id: number) => ["models", "detail", id] as const,
    exports: (id: number) => ["models", "exports", id] as const,
  },
  deployments: {
    all: ["deployments"] as const,
    list: () => ["deployments", "list"] as const,
    usage: (id: number) => ["deployments", "usage", id] as const,
  },
};
