import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { track } from "../consent";
import { credits } from "../format";
import { useSession } from "../session";
import { quoteRun, startRun, type RunQuote, type RunRequest, type Workflow } from "../workflows";
import { Labeled } from "./Labeled";
import { fieldErrorsOf, OtherErrors } from "./OtherErrors";
import { ProblemAlert } from "./ProblemAlert";

type Variable = Workflow["variables"][number];
type Values = Record<string, string>;

const splitList = (text: string) => text.split(",").map((s) => s.trim()).filter(Boolean);
const generations = (n: number) => `${n} ${n === 1 ? "generation" : "generations"}`;

/** An image variable's value: an upload id, or a generation id (its first image). */
function imageValue(text: string): string | { generation_id: string; index: number } {
  return text.startsWith("gen_") ? { generation_id: text, index: 0 } : text;
}

function requestOf(variables: Variable[], values: Values, vary: Record<string, boolean>, axes: Values, picks: Record<string, string[]>): RunRequest {
  const inputs: NonNullable<RunRequest["inputs"]> = {};
  const matrix: NonNullable<RunRequest["matrix"]> = {};
  for (const v of variables) {
    if (vary[v.name] && v.type === "enum") matrix[v.name] = (v.options ?? []).filter((o) => picks[v.name]?.includes(o));
    else if (vary[v.name]) matrix[v.name] = splitList(axes[v.name] ?? "");
    else if (values[v.name]?.trim()) inputs[v.name] = v.type === "image" ? imageValue(values[v.name].trim()) : values[v.name];
  }
  return { inputs, matrix };
}

/** A saved workflow's run: a value per variable (or several: a matrix axis), the quote,
 * then the run itself, which opens its run view. */
export function RunPanel({ workflow }: { workflow: Workflow }) {
  const { route } = useLocation();
  const { refresh } = useSession();
  const [values, setValues] = useState<Values>({});
  const [vary, setVary] = useState<Record<string, boolean>>({});
  const [axes, setAxes] = useState<Values>({});
  const [picks, setPicks] = useState<Record<string, string[]>>({});
  const [quote, setQuote] = useState<RunQuote | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const changed = <T,>(setter: (update: (old: T) => T) => void) => (update: (old: T) => T) => {
    setQuote(null);
    setter(update);
  };
  const setValue = changed(setValues);
  const setAxis = changed(setAxes);
  const setPick = changed(setPicks);
  const setVaried = changed(setVary);
  // Varying an enum starts from all its options.
  const varyOn = (v: Variable, on: boolean) => {
    setVaried((old) => ({ ...old, [v.name]: on }));
    if (on && v.type === "enum" && !picks[v.name]?.length) setPick((old) => ({ ...old, [v.name]: [...(v.options ?? [])] }));
  };
  const body = () => requestOf(workflow.variables, values, vary, axes, picks);

  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const askQuote = () => act(async () => setQuote(await quoteRun(workflow.id, body())));
  const run = (event: Event) => {
    event.preventDefault();
    void act(async () => {
      const started = await startRun(workflow.id, body());
      track("feature_interaction", "workflow_run", { generations: quote?.generations ?? 0 });
      void refresh();
      route(`/workflows/runs/${started.id}`);
    });
  };

  const errors = fieldErrorsOf(error);
  const paths = workflow.variables.flatMap((v) => [`inputs.${v.name}`, `matrix.${v.name}`]);
  return (
    <form class="card" onSubmit={run} noValidate aria-labelledby="run-heading">
      <h2 id="run-heading">Run</h2>
      {workflow.variables.length === 0 && <p class="muted">This workflow has no variables.</p>}
      {workflow.variables.map((v) => {
        const message = errors.at(`inputs.${v.name}`, `matrix.${v.name}`);
        const varied = Boolean(vary[v.name]) && v.type !== "image";
        return (
          <div class="wf-input" key={v.name}>
            {!varied && <SingleValue variable={v} value={values[v.name] ?? ""} message={message} onValue={(text) => setValue((old) => ({ ...old, [v.name]: text }))} />}
            {varied && v.type === "text" && (
              <Labeled label={`Values for ${v.name}`} message={message} hint="Comma-separated: every value makes its own images">
                {(a) => <input {...a} value={axes[v.name] ?? ""} onInput={(e) => { const text = e.currentTarget.value; setAxis((old) => ({ ...old, [v.name]: text })); }} />}
              </Labeled>
            )}
            {varied && v.type === "enum" && (
              <fieldset class="wf-options" aria-describedby={message ? `values-${v.name}-error` : undefined}>
                <legend>Values for {v.name}</legend>
                {(v.options ?? []).map((option) => (
                  <Labeled key={option} label={option} check>
                    {(a) => (
                      <input {...a} type="checkbox" checked={picks[v.name]?.includes(option) ?? false} onChange={(e) => {
                        const on = e.currentTarget.checked;
                        setPick((old) => ({ ...old, [v.name]: on ? [...(old[v.name] ?? []), option] : (old[v.name] ?? []).filter((o) => o !== option) }));
                      }} />
                    )}
                  </Labeled>
                ))}
                {message && (
                  <p class="field-error" id={`values-${v.name}-error`}>
                    {message}
                  </p>
                )}
              </fieldset>
            )}
            {v.type !== "image" && (
              <Labeled label={`Vary ${v.name}`} check>
                {(a) => <input {...a} type="checkbox" checked={varied} onChange={(e) => varyOn(v, e.currentTarget.checked)} />}
              </Labeled>
            )}
          </div>
        );
      })}
      <div class="toolbar gap-top">
        <div aria-live="polite">
          {quote && (
            <>
              <p class="quote">{credits(quote.credits)}</p>
              <p class="muted">{generations(quote.generations)}</p>
            </>
          )}
        </div>
        <div class="actions flush">
          <button type="button" disabled={busy} onClick={() => void askQuote()}>
            Quote run
          </button>
          <button class="primary" type="submit" disabled={busy}>
            Run workflow
          </button>
        </div>
      </div>
      <ProblemAlert error={error} />
      <OtherErrors errors={errors.except(paths)} />
    </form>
  );
}

type SingleProps = { variable: Variable; value: string; message?: string; onValue: (text: string) => void };

function SingleValue({ variable: v, value, message, onValue }: SingleProps) {
  if (v.type === "enum") {
    return (
      <Labeled label={v.name} message={message}>
        {(a) => (
          <select {...a} value={value} onChange={(e) => onValue(e.currentTarget.value)}>
            <option value="">{v.default ? `Default (${v.default})` : "Choose a value"}</option>
            {(v.options ?? []).map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        )}
      </Labeled>
    );
  }
  const hint = v.type === "image" ? "An upload id (upl_…) or a generation id (gen_…: its first image)" : v.default ? `Default: ${v.default}` : undefined;
  return (
    <Labeled label={v.name} message={message} hint={hint}>
      {(a) => <input {...a} value={value} required={v.required && !v.default} onInput={(e) => onValue(e.currentTarget.value)} />}
    </Labeled>
  );
}
