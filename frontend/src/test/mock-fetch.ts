import { vi } from "vitest";

type Reply = Response | object;
type Handler = Reply | ((request: Request, url: URL) => Reply | Promise<Reply>);

/**
 * Stub global fetch with handlers keyed by "METHOD /path": a function of the request, or a
 * plain value answered as JSON 200.
 */
export function mockFetch(handlers: Record<string, Handler>) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const handler = handlers[`${request.method} ${url.pathname}`];
    if (!handler) {
      return json({ error: { code: "not_found", message: `No mock for ${request.method} ${url.pathname}`, hint: "" } }, 404);
    }
    const result = typeof handler === "function" ? await handler(request, url) : handler;
    return result instanceof Response ? result : json(result);
  });
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}
