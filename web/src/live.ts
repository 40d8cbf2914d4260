// The tab's one live connection (API.md "Live updates"): a single-use ticket from
// `POST /v1/realtime/tickets`, a WebSocket to `url?ticket=…`, and every message handed to
// whoever subscribed to its type or to the id it is about. A ping every 25 s keeps it
// open; when it closes it comes back with a fresh ticket after a growing pause. Missed
// messages are not replayed: subscribers of `onConnection` fetch again when it is back.
import { ApiError, api, ok } from "./api/client";

export type LiveMessage = { type: string; data: Record<string, unknown>; sent_at?: string };
type Handler = (message: LiveMessage) => void;
type Listener = (connected: boolean) => void;

const PING_MS = 25_000;
const FIRST_RETRY_MS = 1_000;
const LAST_RETRY_MS = 30_000;

const handlers = new Map<string, Set<Handler>>();
const listeners = new Set<Listener>();
let socket: WebSocket | null = null;
let running = false;
let connected = false;
let epoch = 0; // each start and stop begins a new one: late answers of an older one are dropped
let failures = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let pingTimer: ReturnType<typeof setInterval> | undefined;

/** `handler` sees each message of that type (`generation.updated`) or about that id
 * (a generation's or run's `id`, a partial's `generation_id`). Returns the unsubscribe. */
export function subscribe(key: string, handler: Handler): () => void {
  const set = handlers.get(key) ?? new Set<Handler>();
  set.add(handler);
  handlers.set(key, set);
  return () => {
    set.delete(handler);
    if (!set.size) handlers.delete(key);
  };
}

/** `listener` is told each time the socket opens (true) or drops (false). */
export function onConnection(listener: Listener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

export function isConnected(): boolean {
  return connected;
}

/** Opens the connection (signed in); a second call while it runs does nothing. */
export function startLive(): void {
  if (running) return;
  running = true;
  failures = 0;
  void connect(++epoch);
}

/** Closes it for good (signed out). */
export function stopLive(): void {
  running = false;
  epoch++;
  clearTimeout(retryTimer);
  const open = socket;
  socket = null;
  setConnected(false);
  open?.close(1000, "signed out");
}

function setConnected(value: boolean): void {
  if (!value) clearInterval(pingTimer);
  if (connected === value) return;
  connected = value;
  for (const listener of [...listeners]) listener(value);
}

function dispatch(message: LiveMessage): void {
  const data = message.data ?? {};
  const keys = [message.type, data.id, data.generation_id].filter((k): k is string => typeof k === "string");
  for (const key of keys) for (const handler of [...(handlers.get(key) ?? [])]) handler(message);
}

function retryLater(current: number): void {
  if (!running || current !== epoch) return;
  const pause = Math.min(FIRST_RETRY_MS * 2 ** failures, LAST_RETRY_MS);
  failures++;
  retryTimer = setTimeout(() => void connect(current), pause * (0.75 + Math.random() * 0.5));
}

async function connect(current: number): Promise<void> {
  let url: URL;
  try {
    const ticket = await ok(api.POST("/v1/realtime/tickets"));
    url = new URL(ticket.url);
    url.searchParams.set("ticket", ticket.ticket);
  } catch (error) {
    // Signed out meanwhile: nothing to reconnect for (the session's owner decides).
    if (!(error instanceof ApiError && error.status === 401)) retryLater(current);
    return;
  }
  if (!running || current !== epoch) return;
  const ws = new WebSocket(url.toString());
  socket = ws;
  ws.onopen = () => {
    if (socket !== ws) return;
    failures = 0;
    setConnected(true);
    pingTimer = setInterval(() => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ type: "ping" })), PING_MS);
  };
  ws.onmessage = (event) => {
    if (socket !== ws || typeof event.data !== "string") return;
    let message: LiveMessage;
    try {
      message = JSON.parse(event.data) as LiveMessage;
    } catch {
      return;
    }
    if (message && typeof message.type === "string" && message.type !== "pong") dispatch(message);
  };
  ws.onclose = () => {
    if (socket !== ws) return;
    socket = null;
    setConnected(false);
    retryLater(current);
  };
}
