import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { ProblemAlert } from "../components/ProblemAlert";
import { formatDate } from "../format";
import { listWorkflows, type Workflow } from "../workflows";

const steps = (n: number) => `${n} ${n === 1 ? "step" : "steps"}`;

/** The person's saved workflows, newest first, paged; each opens its editor. */
export default function Workflows() {
  const { route } = useLocation();
  const [items, setItems] = useState<Workflow[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const load = async (from: string | null) => {
    setBusy(true);
    try {
      const page = await listWorkflows(from);
      setItems((list) => (from ? [...list, ...page.data] : page.data));
      setCursor(page.next_cursor ?? null);
      setLoaded(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => void load(null), []);

  return (
    <section class="page">
      <div class="toolbar page-head">
        <h1>Workflows</h1>
        <button type="button" class="primary" onClick={() => route("/workflows/new")}>
          New workflow
        </button>
      </div>
      <p class="muted">
        A workflow is a saved recipe: variables, then up to four steps that generate or edit images. Run it
        with several values at once to make every combination.
      </p>
      <ProblemAlert error={error} />
      {loaded && items.length === 0 && (
        <div class="card">
          <p>No workflows yet. Press “New workflow” to write your first one.</p>
        </div>
      )}
      <ul class="wf-list" aria-label="Workflows">
        {items.map((w) => (
          <li key={w.id} class="card">
            <a href={`/workflows/${w.id}`}>
              <span class="wf-name">{w.name}</span>
              <span class="muted">
                Version {w.version} · {steps(w.steps.length)} · {formatDate(w.updated_at)}
              </span>
            </a>
            {w.description && <p class="muted wf-description">{w.description}</p>}
          </li>
        ))}
      </ul>
      {cursor && (
        <div class="actions center">
          <button type="button" onClick={() => void load(cursor)} disabled={busy}>
            Load more
          </button>
        </div>
      )}
    </section>
  );
}
