import { useState } from "preact/hooks";
import { deleteEndpoint, type Endpoint, sendTest, setEnabled } from "../developers";
import { Deliveries } from "./Deliveries";
import { Notice, ProblemAlert } from "./ProblemAlert";

type Props = { endpoint: Endpoint; onChange: (endpoint: Endpoint) => void; onDelete: (id: string) => void };

/** One webhook endpoint: its events and state, a test event, enable/disable, delete, deliveries. */
export function EndpointItem({ endpoint, onChange, onDelete }: Props) {
  const [error, setError] = useState<unknown>(null);
  const [tested, setTested] = useState(false);
  const [showing, setShowing] = useState(false);
  const run = async (action: () => Promise<void>) => {
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e);
    }
  };
  const test = () => run(async () => {
    setTested(false);
    await sendTest(endpoint.id);
    setTested(true);
  });
  const toggle = () => run(async () => onChange(await setEnabled(endpoint.id, !endpoint.enabled)));
  const remove = () => {
    if (!window.confirm(`Delete the endpoint ${endpoint.url}? It receives no more events.`)) return;
    void run(async () => {
      await deleteEndpoint(endpoint.id);
      onDelete(endpoint.id);
    });
  };
  return (
    <li aria-label={endpoint.url} class="endpoint">
      <div class="endpoint-head">
        <div>
          <strong class="mono break">{endpoint.url}</strong>
          <span class={`status ${endpoint.enabled ? "status-succeeded" : "status-failed"}`}>
            {endpoint.enabled ? "Enabled" : "Disabled"}
          </span>
          {endpoint.description && <p class="muted">{endpoint.description}</p>}
          <p class="muted">Events: {endpoint.events.join(", ")}</p>
          {endpoint.disabled_reason && <p class="muted">Disabled: {endpoint.disabled_reason.replace(/_/g, " ")}</p>}
        </div>
        <div class="actions flush">
          <button type="button" onClick={() => void test()}>
            Send test event
          </button>
          <button type="button" onClick={() => void toggle()}>
            {endpoint.enabled ? "Disable" : "Enable"}
          </button>
          <button type="button" aria-expanded={showing} onClick={() => setShowing(!showing)}>
            {showing ? "Hide deliveries" : "Show deliveries"}
          </button>
          <button type="button" class="danger" aria-label={`Delete ${endpoint.url}`} onClick={remove}>
            Delete
          </button>
        </div>
      </div>
      <ProblemAlert error={error} />
      {tested && <Notice>Test event queued</Notice>}
      {showing && <Deliveries endpointId={endpoint.id} />}
    </li>
  );
}
