import { useEffect, useState } from "preact/hooks";
import { type Delivery, listDeliveries, retryDelivery } from "../developers";
import { formatDate } from "../format";
import { Notice, ProblemAlert } from "./ProblemAlert";

const LABELS: Record<string, string> = { pending: "Pending", succeeded: "Succeeded", failed: "Failed" };

/** The deliveries of one endpoint, newest first, each failed or pending one retryable. */
export function Deliveries({ endpointId }: { endpointId: string }) {
  const [deliveries, setDeliveries] = useState<Delivery[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [retried, setRetried] = useState(false);
  const load = () => listDeliveries(endpointId).then(setDeliveries).catch(setError);
  useEffect(() => void load(), [endpointId]);
  const retry = async (id: string) => {
    setError(null);
    setRetried(false);
    try {
      await retryDelivery(endpointId, id);
      setRetried(true);
      await load();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div class="deliveries">
      <div class="toolbar">
        <h4>Deliveries</h4>
        <button type="button" onClick={() => void load()}>
          Refresh deliveries
        </button>
      </div>
      <ProblemAlert error={error} />
      {retried && <Notice>Retry queued</Notice>}
      {deliveries && deliveries.length === 0 && <p class="muted">No deliveries yet.</p>}
      {deliveries && deliveries.length > 0 && (
        <div class="table-wrap">
          <table aria-label="Deliveries">
            <thead>
              <tr>
                <th>Event</th><th>Status</th><th>Attempts</th><th>Response</th><th>Next attempt</th><th>Created</th>
                <th><span class="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.id}>
                  <td>{d.event_type}</td>
                  <td class={`status-${d.status}`}>{LABELS[d.status] ?? d.status}</td>
                  <td>{d.attempts}</td>
                  <td>{d.response_status ?? "–"}</td>
                  <td>{d.next_attempt_at ? formatDate(d.next_attempt_at) : "–"}</td>
                  <td>{formatDate(d.created_at)}</td>
                  <td>
                    {d.status !== "succeeded" && (
                      <button type="button" onClick={() => void retry(d.id)}>
                        Retry
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
