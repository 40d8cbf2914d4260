import { useEffect, useState } from "preact/hooks";
import { credits, formatDate } from "../format";
import { describeInputs, listRuns, RUN_LABELS, type Run } from "../workflows";
import { ProblemAlert } from "./ProblemAlert";

/** A workflow's runs, newest first, each linking to its run view. */
export function WorkflowRuns({ workflowId }: { workflowId: string }) {
  const [runs, setRuns] = useState<Run[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const load = (from: string | null) =>
    listRuns(workflowId, from).then((page) => {
      setRuns((list) => (from ? [...list, ...page.data] : page.data));
      setCursor(page.next_cursor ?? null);
      setLoaded(true);
    }, setError);
  useEffect(() => void load(null), [workflowId]);

  return (
    <section class="card" aria-labelledby="runs-heading">
      <h2 id="runs-heading">Runs</h2>
      <ProblemAlert error={error} />
      {loaded && runs.length === 0 && <p class="muted">Not run yet.</p>}
      <ul class="list" aria-label="Runs">
        {runs.map((run) => (
          <li key={run.id}>
            <a href={`/workflows/runs/${run.id}`}>
              Run of {formatDate(run.created_at)}
            </a>
            <span class="muted wf-run-meta">
              {run.expansions.length} × · {credits(run.cost.credits)} · {describeMatrix(run)}
            </span>
            <span class={`status status-${run.status}`}>
              {RUN_LABELS[run.status] ?? run.status}
            </span>
          </li>
        ))}
      </ul>
      {cursor && (
        <div class="actions center">
          <button type="button" onClick={() => void load(cursor)}>
            Load more runs
          </button>
        </div>
      )}
    </section>
  );
}

function describeMatrix(run: Run): string {
  const axes = Object.entries(run.matrix ?? {});
  if (!axes.length) return describeInputs(run.inputs);
  return axes.map(([name, values]) => `${name}: ${values.join(" / ")}`).join(", ");
}
