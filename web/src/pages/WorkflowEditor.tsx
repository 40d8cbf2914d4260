import { useEffect, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { Labeled } from "../components/Labeled";
import { fieldErrorsOf, OtherErrors } from "../components/OtherErrors";
import { Notice, ProblemAlert } from "../components/ProblemAlert";
import { RunPanel } from "../components/RunPanel";
import { WorkflowRuns } from "../components/WorkflowRuns";
import { WorkflowSteps } from "../components/WorkflowSteps";
import { WorkflowVariables } from "../components/WorkflowVariables";
import { track } from "../consent";
import { bodyOf, draftOf, editorPaths, emptyDraft, type Draft } from "../workflowDraft";
import {
  createWorkflow,
  deleteWorkflow,
  getWorkflow,
  listModels,
  listPresets,
  updateWorkflow,
  type ModelInfo,
  type Preset,
  type Workflow,
} from "../workflows";

/** `/workflows/new` and `/workflows/:id`: the editor, and for a saved workflow its run
 * panel and its runs. */
export default function WorkflowEditor() {
  const { params } = useRoute();
  const { route } = useLocation();
  const [models, setModels] = useState<ModelInfo[]>([]);
  const [presets, setPresets] = useState<Preset[]>([]);
  const [workflow, setWorkflow] = useState<Workflow | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const id = params.id;

  useEffect(() => {
    if (workflow && workflow.id === id) return; // just created: already on screen
    let live = true;
    Promise.all([listModels(), listPresets(), id === "new" ? null : getWorkflow(id)])
      .then(([found, styles, stored]) => {
        if (!live) return;
        const fallback = found.find((m) => m.default)?.id ?? found[0]?.id ?? "";
        setModels(found);
        setPresets(styles);
        setWorkflow(stored);
        setDraft(stored ? draftOf(stored, fallback) : emptyDraft(fallback));
      })
      .catch((e) => live && setError(e));
    return () => void (live = false);
  }, [id]);

  const save = async (event: Event) => {
    event.preventDefault();
    if (!draft) return;
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const body = bodyOf(draft);
      const next = workflow ? await updateWorkflow(workflow.id, body) : await createWorkflow(body);
      track("feature_interaction", workflow ? "workflow_updated" : "workflow_created");
      setWorkflow(next);
      setSaved(next.version);
      if (!workflow) route(`/workflows/${next.id}`, true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!workflow) return;
    setBusy(true);
    try {
      await deleteWorkflow(workflow.id);
      route("/workflows");
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const back = (
    <p>
      <a href="/workflows">← Workflows</a>
    </p>
  );
  if (!draft) {
    return (
      <section class="page">
        {back}
        {error ? <ProblemAlert error={error} /> : <p class="loading" role="status">Loading…</p>}
      </section>
    );
  }
  const errors = fieldErrorsOf(error);
  const set = (change: Partial<Draft>) => setDraft({ ...draft, ...change });
  return (
    <section class="page">
      {back}
      <div class="toolbar page-head">
        <h1>{workflow ? workflow.name : "New workflow"}</h1>
        {workflow && <span class="status">Version {workflow.version}</span>}
      </div>
      <div class={workflow ? "grid-2" : "wf-single"}>
        <form class="card" onSubmit={save} noValidate aria-label="Workflow editor">
          <Labeled label="Workflow name" message={errors.at("name")}>
            {(a) => <input {...a} required maxLength={200} value={draft.name} onInput={(e) => set({ name: e.currentTarget.value })} />}
          </Labeled>
          <Labeled label="Description" message={errors.at("description")}>
            {(a) => <textarea {...a} class="short" maxLength={2000} value={draft.description} onInput={(e) => set({ description: e.currentTarget.value })} />}
          </Labeled>
          <WorkflowVariables variables={draft.variables} errors={errors} onChange={(variables) => set({ variables })} />
          <WorkflowSteps draft={draft} models={models} presets={presets} errors={errors} onChange={(steps) => set({ steps })} />
          <ProblemAlert error={error} />
          <OtherErrors errors={errors.except(editorPaths(draft))} />
          {saved !== null && <Notice>Saved as version {saved}.</Notice>}
          <div class="actions">
            <button class="primary" type="submit" disabled={busy}>
              Save workflow
            </button>
            {workflow && !confirming && (
              <button type="button" class="danger" disabled={busy} onClick={() => setConfirming(true)}>
                Delete workflow
              </button>
            )}
          </div>
          {workflow && confirming && (
            <div class="alert alert-error" role="group" aria-label="Confirm deletion">
              <p>Delete “{workflow.name}”? Its runs and their images stay in your library.</p>
              <div class="actions flush">
                <button type="button" class="danger" disabled={busy} onClick={() => void remove()}>
                  Yes, delete workflow
                </button>
                <button type="button" onClick={() => setConfirming(false)}>
                  Keep it
                </button>
              </div>
            </div>
          )}
        </form>
        {workflow && (
          <div class="stack wf-side">
            <RunPanel key={`${workflow.id}-${workflow.version}`} workflow={workflow} />
            <WorkflowRuns workflowId={workflow.id} />
          </div>
        )}
      </div>
    </section>
  );
}
