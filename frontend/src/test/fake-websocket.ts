import { vi } from "vitest";

/** A scriptable WebSocket: tests open it, push server messages and drop the connection by hand. */
export class FakeWebSocket {
  static instances: FakeWebSocket[] = [];
  url: string;
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;

  constructor(url: string) {
    this.url = url;
    FakeWebSocket.instances.push(this);
  }
  static get last(): FakeWebSocket {
    const socket = FakeWebSocket.instances[FakeWebSocket.instances.length - 1];
    if (!socket) throw new Error("no WebSocket was opened");
    return socket;
  }
  /** The `after` query parameter the client asked to resume from. */
  get after(): number {
    return Number(new URL(this.url).searchParams.get("after"));
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  /** What the client sent, parsed, oldest first. */
  sent: unknown[] = [];
  /** An object is the server speaking (delivered to onmessage); a string is the client's own send. */
  send(message: object | string) {
    if (typeof message === "string") {
      this.sent.push(JSON.parse(message));
      return;
    }
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  /** The connection drops (server restart, network): the client should reconnect. */
  drop() {
    this.readyState = 3;
    this.onclose?.();
  }
  close() {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.();
  }

  static install() {
    FakeWebSocket.instances = [];
    vi.stubGlobal("WebSocket", FakeWebSocket);
  }
}
