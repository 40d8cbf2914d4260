import { useEffect, useState } from "preact/hooks";
import { createEndpoint, type Endpoint, type EndpointCreated, type EventName, EVENTS, listEndpoints } from "../developers";
import { Checkboxes } from "./Checkboxes";
import { EndpointItem } from "./EndpointItem";
import { Field } from "./Field";
import { ProblemAlert } from "./ProblemAlert";
import { SecretOnce } from "./SecretOnce";

export function WebhookEndpoints() {
  const [endpoints, setEndpoints] = useState<Endpoint[]>([]);
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [events, setEvents] = useState<string[]>([]);
  const [created, setCreated] = useState<EndpointCreated | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => void listEndpoints().then(setEndpoints).catch(setError), []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setCreated(null);
    try {
      const endpoint = await createEndpoint(url.trim(), events as EventName[], description);
      setCreated(endpoint);
      setEndpoints((all) => [endpoint, ...all]);
      setUrl("");
      setDescription("");
      setEvents([]);
    } catch (e) {
      setError(e);
    }
  };
  const replace = (changed: Endpoint) => setEndpoints((all) => all.map((e) => (e.id === changed.id ? changed : e)));
  const drop = (id: string) => {
    setEndpoints((all) => all.filter((e) => e.id !== id));
    if (created?.id === id) setCreated(null);
  };
  return (
    <section class="card" aria-labelledby="webhooks-heading">
      <h2 id="webhooks-heading">Webhook endpoints</h2>
      <p class="muted">
        We POST signed events (Standard Webhooks: <code>webhook-id</code>, <code>webhook-timestamp</code>,{" "}
        <code>webhook-signature</code>) to your URL and retry failures for 3 days.
      </p>
      <form onSubmit={submit} noValidate>
        <Field label="Endpoint URL" name="url" type="url" inputMode="url" placeholder="https://example.com/webhooks"
          value={url} onValue={setUrl} error={error} />
        <Field label="Description" name="description" value={description} onValue={setDescription} error={error} />
        <Checkboxes legend="Events" name="events" options={EVENTS} chosen={events} onChange={setEvents} error={error} />
        <button class="primary" type="submit">
          Add endpoint
        </button>
      </form>
      <ProblemAlert error={error} />
      {created && <SecretOnce label="Signing secret" button="Copy secret" value={created.secret} />}
      {endpoints.length === 0 ? (
        <p class="muted">No webhook endpoints yet.</p>
      ) : (
        <ul class="list endpoints" aria-label="Webhook endpoints">
          {endpoints.map((e) => (
            <EndpointItem key={e.id} endpoint={e} onChange={replace} onDelete={drop} />
          ))}
        </ul>
      )}
    </section>
  );
}
