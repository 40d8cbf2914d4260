import { api, ok, type Generation } from "./api/client";
import { ACTIVE } from "./format";
import { isConnected, onConnection, subscribe } from "./live";
import { sleep } from "./uploads";

/** While the live socket is up a generation is fetched only when it says it changed, and
 * at least this often in case a message was lost. */
const QUIET_CHECK_MS = 15_000;

export async function getGeneration(id: string): Promise<Generation> {
  return ok(api.GET("/v1/generations/{generation_id}", { params: { path: { generation_id: id } } }));
}

/** Follow a generation until it ends; `onUpdate` sees every state. While the live
 * connection is up it is fetched again on each `generation.updated` about it (the message
 * carries no image links); otherwise, or once the socket drops, it is polled with backoff
 * (0.5 s growing to 4 s). Stops early when `stopped()` says so. */
export async function follow(
  generation: Generation,
  onUpdate: (g: Generation) => void,
  stopped: () => boolean,
): Promise<void> {
  let current = generation;
  let heard = false; // a message came since the last fetch
  let wake: (() => void) | null = null;
  const unsubscribe = subscribe(generation.id, (message) => {
    if (message.type !== "generation.updated") return;
    heard = true;
    wake?.();
  });
  const unwatch = onConnection(() => wake?.());
  // Whether `current` was fetched while the socket was up (so any later change is told).
  let synced = false;
  try {
    for (let delay = 500; ACTIVE.has(current.status) && !stopped(); ) {
      if (isConnected() && synced) {
        if (!heard) await quiet((resolve) => (wake = resolve));
        wake = null;
      } else if (!isConnected()) {
        await sleep(delay);
        delay = Math.min(delay * 1.5, 4000);
      }
      if (stopped()) return;
      heard = false;
      const live = isConnected();
      current = await getGeneration(current.id);
      synced = live;
      if (!stopped()) onUpdate(current);
    }
  } finally {
    unsubscribe();
    unwatch();
  }
}

/** Until `wake` is called (a message, the socket opening or dropping) or a quiet while. */
function quiet(register: (wake: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, QUIET_CHECK_MS);
    register(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
