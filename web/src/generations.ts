import { api, ok, type Generation } from "./api/client";
import { ACTIVE } from "./format";
import { sleep } from "./uploads";

export async function getGeneration(id: string): Promise<Generation> {
  return ok(api.GET("/v1/generations/{generation_id}", { params: { path: { generation_id: id } } }));
}

/** Follow a generation until it ends, polling with backoff (0.5 s growing to 4 s);
 * `onUpdate` sees every state. Stops early when `stopped()` says so. */
export async function follow(
  generation: Generation,
  onUpdate: (g: Generation) => void,
  stopped: () => boolean,
): Promise<void> {
  let current = generation;
  for (let delay = 500; ACTIVE.has(current.status) && !stopped(); delay = Math.min(delay * 1.5, 4000)) {
    await sleep(delay);
    if (stopped()) return;
    current = await getGeneration(current.id);
    if (!stopped()) onUpdate(current);
  }
}
