/** The WebSocket address of an API path on this server (wss behind https). */
export function socketUrl(path: string): string {
  const scheme = globalThis.location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${globalThis.location.host}${path}`;
}
