import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";

import { isRetryable } from "@/lib/errors";
import { handleError } from "@/lib/handle-error";

declare module "@tanstack/react-query" {
  interface Register {
    // `silent`: the component shows this error itself, so no toast.
    queryMeta: { silent?: boolean };
    mutationMeta: { silent?: boolean };
  }
}

/** Retry network blips and 5xx twice. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  return isRetryable(error) && failureCount < 2;
}

/** The app's QueryClient: every failed query or mutation goes through `handleError`. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      // A first load that fails renders its own ErrorState in place of the content; a toast
      // is for a background refresh failing while old data stays on screen.
      onError: (error, query) => {
        if (query.state.data !== undefined && !query.meta?.silent) handleError(error);
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (!mutation.meta?.silent) handleError(error);
      },
    }),
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 10_000, refetchOnWindowFocus: false },
    },
  });
}
