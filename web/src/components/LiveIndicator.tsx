import { useEffect, useState } from "preact/hooks";
import { isConnected, onConnection } from "../live";

/** Whether the tab's live connection is up, re-rendering when it opens or drops. */
export function useConnected(): boolean {
  const [connected, setConnected] = useState(isConnected());
  useEffect(() => {
    setConnected(isConnected());
    return onConnection(setConnected);
  }, []);
  return connected;
}

/** A quiet mark of how pages learn of changes: pushed live, or polled meanwhile. Not a
 * live region: a dropped socket is not worth interrupting anyone for. */
export function LiveIndicator() {
  const connected = useConnected();
  return (
    <span class={`live-indicator${connected ? " on" : ""}`} title={connected ? "Updates arrive as they happen" : "Checking for updates every few seconds"}>
      {connected ? "Live" : "Offline — polling"}
    </span>
  );
}
