// The library's list kept current: a `generation.updated` about a listed generation
// fetches that one again (for its new status and image links); one about a generation
// not listed (made in another tab, or by the API) fetches the first page again and adds
// what is new at the top. When the socket is back, what was missed is fetched; while it
// is down and something listed is still running, the first page is polled.
import { useEffect, useRef } from "preact/hooks";
import type { Generation } from "./api/client";
import { ACTIVE } from "./format";
import { isConnected, onConnection, subscribe } from "./live";

const POLL_MS = 4_000;

type Actions = {
  items: Generation[];
  /** Fetch this generation again and put it in place. */
  refreshOne: (id: string) => Promise<void>;
  /** Fetch the first page again: replace those listed, add the new ones at the top. */
  refreshTop: () => Promise<void>;
};

/** `run` at most once at a time; a call while it runs runs it once more afterwards. */
function coalesced(run: () => Promise<void>): () => void {
  let running = false;
  let again = false;
  const go = () => {
    if (running) return void (again = true);
    running = true;
    run()
      .catch(() => undefined)
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          go();
        }
      });
  };
  return go;
}

export function useLiveLibrary(actions: Actions): void {
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    const top = coalesced(() => latest.current.refreshTop());
    const stopUpdates = subscribe("generation.updated", ({ data }) => {
      const id = typeof data.id === "string" ? data.id : null;
      if (!id) return;
      if (latest.current.items.some((g) => g.id === id)) void latest.current.refreshOne(id).catch(() => undefined);
      else top();
    });
    const stopWatch = onConnection((up) => {
      if (!up) return;
      top();
      for (const g of latest.current.items) if (ACTIVE.has(g.status)) void latest.current.refreshOne(g.id).catch(() => undefined);
    });
    const poll = setInterval(() => {
      if (!isConnected() && latest.current.items.some((g) => ACTIVE.has(g.status))) top();
    }, POLL_MS);
    return () => {
      stopUpdates();
      stopWatch();
      clearInterval(poll);
    };
  }, []);
}
