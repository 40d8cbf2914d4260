import { useEffect, useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { ApiError, type Generation } from "../api/client";
import { Notice, ProblemAlert } from "../components/ProblemAlert";
import { RunCollection } from "../components/RunCollection";
import { ACTIVE, formatDate, statusLabel } from "../format";
import { getGeneration } from "../generations";
import { useSession } from "../session";
import { sleep } from "../uploads";
import { cancelRun, describeInputs, getRun, getWorkflow, RUN_LABELS, runActive, type Run, type Workflow } from "../workflows";

/** The run's generations as last read; null: deleted since (from the library). */
type Known = Record<string, Generation | null>;
const idsOf = (run: Run) => run.expansions.flatMap((e) => e.steps.flatMap((s) => s.generation_ids));
const settled = (g: Generation | null | undefined) => g === null || (g !== undefined && !ACTIVE.has(g.status));
const finished = (run: Run, known: Known) => !runActive(run) && idsOf(run).every((id) => settled(known[id]));

async function read(id: string): Promise<Generation | null> {
  try {
    return await getGeneration(id);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

/** Follow a run until it and its generations end: the run, then each generation not yet
 * finished, polling with backoff (0.5 s growing to 4 s). */
async function followRun(id: string, onRun: (r: Run) => void, onGenerations: (k: Known) => void, stopped: () => boolean) {
  const known: Known = {};
  for (let delay = 500; !stopped(); delay = Math.min(delay * 1.5, 4000)) {
    const run = await getRun(id);
    if (stopped()) return;
    onRun(run);
    const pending = idsOf(run).filter((g) => !settled(known[g]));
    const answers = await Promise.all(pending.map(read));
    pending.forEach((id, i) => (known[id] = answers[i]));
    if (stopped()) return;
    onGenerations({ ...known });
    if (finished(run, known)) return;
    await sleep(delay);
  }
}

/** `/workflows/runs/:id`: a run's status, cost and, per expansion and step, its images. */
export default function WorkflowRun() {
  const { params } = useRoute();
  const { refresh } = useSession();
  const [run, setRun] = useState<Run | null>(null);
  const [workflow, setWorkflow] = useState<Workflow | null>(null);
  const [known, setKnown] = useState<Known>({});
  const [error, setError] = useState<unknown>(null);
  const [canceling, setCanceling] = useState(false);

  useEffect(() => {
    let stopped = false;
    let named = false;
    const onRun = (r: Run) => {
      setRun(r);
      if (named) return;
      named = true;
      getWorkflow(r.workflow_id).then((w) => !stopped && setWorkflow(w), () => undefined);
    };
    followRun(params.id, onRun, setKnown, () => stopped)
      .then(() => !stopped && void refresh())
      .catch((e) => !stopped && setError(e));
    return () => void (stopped = true);
  }, [params.id]);

  const cancel = async () => {
    if (!run) return;
    setCanceling(true);
    try {
      setRun(await cancelRun(run.id));
      void refresh();
    } catch (e) {
      setError(e);
    } finally {
      setCanceling(false);
    }
  };

  const back = (
    <p>
      <a href={run ? `/workflows/${run.workflow_id}` : "/workflows"}>← {workflow?.name ?? "Workflows"}</a>
    </p>
  );
  if (!run) {
    return (
      <section class="page">
        {back}
        {error ? <ProblemAlert error={error} /> : <p class="loading" role="status">Loading…</p>}
      </section>
    );
  }
  const stepNumber = (stepId: string) => {
    const index = workflow?.steps.findIndex((s) => s.id === stepId) ?? -1;
    return index >= 0 ? `Step ${index + 1}` : `Step ${stepId}`;
  };
  const succeeded = idsOf(run).filter((id) => known[id]?.status === "succeeded");
  return (
    <section class="page">
      {back}
      <div class="toolbar page-head">
        <h1>{workflow ? `${workflow.name}: run` : "Workflow run"}</h1>
        <span class={`status status-${run.status}`} role="status" aria-label="Run status">
          {RUN_LABELS[run.status] ?? run.status}
        </span>
      </div>
      <div class="card run-summary">
        <p class="muted">
          Version {run.workflow_version} · started {formatDate(run.created_at)}
          {run.completed_at && ` · ended ${formatDate(run.completed_at)}`}
        </p>
        <p class="run-cost">
          <span>Held {run.cost.credits} credits</span>
          <span>Captured {run.cost.captured}</span>
          <span>Released {run.cost.released}</span>
        </p>
        {run.error && <Notice>{run.error.message}</Notice>}
        <ProblemAlert error={error} />
        {runActive(run) && (
          <div class="actions flush">
            <button type="button" class="danger" disabled={canceling} onClick={() => void cancel()}>
              Cancel run
            </button>
            {canceling && <span class="muted">Canceling what has not finished…</span>}
          </div>
        )}
      </div>
      <ul class="wf-expansions" aria-label="Expansions">
        {run.expansions.map((expansion, index) => (
          <li key={index} class="card" aria-labelledby={`expansion-${index}`}>
            <h2 id={`expansion-${index}`}>{describeInputs(expansion.inputs)}</h2>
            <div class="wf-steps">
              {expansion.steps.map((step) => (
                <div key={step.step_id} class="wf-step-result">
                  <h3>{stepNumber(step.step_id)}</h3>
                  {step.generation_ids.length === 0 && <p class="muted">Nothing made (skipped).</p>}
                  <ul class="gallery wf-thumbs" aria-label={`${stepNumber(step.step_id)} images`}>
                    {step.generation_ids.map((id) => <GenerationThumbs key={id} id={id} generation={known[id]} />)}
                  </ul>
                </div>
              ))}
            </div>
          </li>
        ))}
      </ul>
      <RunCollection generationIds={succeeded} disabled={runActive(run)} />
    </section>
  );
}

function GenerationThumbs({ id, generation: g }: { id: string; generation?: Generation | null }) {
  if (g === null) {
    return (
      <li class="card tile">
        <div class="thumb"><span aria-hidden="true">—</span></div>
        <div class="meta"><span class="muted">Deleted</span></div>
      </li>
    );
  }
  if (!g) {
    return (
      <li class="card tile">
        <div class="thumb"><span aria-hidden="true">…</span></div>
        <div class="meta"><span class="muted">Loading…</span></div>
      </li>
    );
  }
  const images = g.images.length ? g.images : [null];
  return (
    <>
      {images.map((image, i) => {
        const thumb = image?.thumbnail_url ?? image?.url;
        return (
          <li class="card tile" key={`${id}-${i}`}>
            <a href={`/library/${g.id}`}>
              <div class="thumb">
                {thumb ? <img src={thumb} alt={g.prompt} loading="lazy" width={256} height={256} /> : <span aria-hidden="true">No image</span>}
              </div>
              <div class="meta">
                <span class={`status status-${g.status}`}>{statusLabel(g.status)}</span>
              </div>
            </a>
          </li>
        );
      })}
    </>
  );
}
