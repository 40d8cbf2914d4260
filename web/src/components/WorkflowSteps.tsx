import {
  inputChoices,
  MAX_STEPS,
  modelsFor,
  newStep,
  stepPaths,
  type Draft,
  type FieldErrors,
  type StepDraft,
} from "../workflowDraft";
import type { ModelInfo, Preset } from "../workflows";
import { Labeled } from "./Labeled";

type Props = {
  draft: Draft;
  models: ModelInfo[];
  presets: Preset[];
  errors: FieldErrors;
  onChange: (steps: StepDraft[]) => void;
};

const options = (values: string[], none?: string) => (
  <>
    {none !== undefined && <option value="">{none}</option>}
    {values.map((v) => (
      <option key={v} value={v}>
        {v}
      </option>
    ))}
  </>
);

/** The workflow's steps (at most 4, in order): generate or edit, prompt, preset and
 * parameters; an edit step reads an earlier step's outputs or an image variable. */
export function WorkflowSteps({ draft, models, presets, errors, onChange }: Props) {
  const steps = draft.steps;
  const fallback = models.find((m) => m.default)?.id ?? models[0]?.id ?? "";
  const set = (index: number, change: Partial<StepDraft>) =>
    onChange(steps.map((s, i) => (i === index ? fit({ ...s, ...change }) : s)));
  // The settings a model does not offer go back to their defaults.
  const fit = (step: StepDraft): StepDraft => {
    const allowed = modelsFor(models, step.kind);
    const info = allowed.find((m) => m.id === step.model) ?? allowed[0];
    if (!info) return step;
    return {
      ...step,
      model: info.id,
      size: info.sizes.includes(step.size) ? step.size : "",
      quality: info.qualities.includes(step.quality) ? step.quality : "",
    };
  };
  return (
    <section class="wf-section" aria-labelledby="steps-heading">
      <div class="toolbar">
        <h2 id="steps-heading">Steps</h2>
        <button type="button" disabled={steps.length >= MAX_STEPS} onClick={() => onChange([...steps, newStep(steps, fallback)])}>
          Add step
        </button>
      </div>
      {steps.map((step, index) => {
        const at = (field: string) => errors.at(...stepPaths(index, step.id, field));
        const info = models.find((m) => m.id === step.model);
        const choices = inputChoices(draft, index);
        return (
          <fieldset class="wf-item" key={step.id}>
            <legend>Step {index + 1}</legend>
            <Labeled label="Step kind" message={errors.at(...stepPaths(index, step.id, "kind"), ...stepPaths(index, step.id, "id"))}>
              {(a) => (
                <select {...a} value={step.kind} onChange={(e) => set(index, { kind: e.currentTarget.value as StepDraft["kind"] })}>
                  <option value="generate">Generate an image</option>
                  <option value="edit">Edit an image</option>
                </select>
              )}
            </Labeled>
            {step.kind === "edit" && (
              <Labeled label="Input" message={at("input")}>
                {(a) => (
                  <select {...a} value={step.input} onChange={(e) => set(index, { input: e.currentTarget.value })}>
                    <option value="">Choose an input</option>
                    {choices.map(([value, label]) => (
                      <option key={value} value={value}>
                        {label}
                      </option>
                    ))}
                  </select>
                )}
              </Labeled>
            )}
            <Labeled label="Step prompt" message={at("prompt")} hint="Use {{variable}} for a variable's value, e.g. a {{color}} {{subject}}">
              {(a) => (
                <textarea {...a} class="short" required maxLength={32000} value={step.prompt} onInput={(e) => set(index, { prompt: e.currentTarget.value })} />
              )}
            </Labeled>
            <div class="row">
              <Labeled label="Preset" message={at("preset_id")}>
                {(a) => (
                  <select {...a} value={step.preset} onChange={(e) => set(index, { preset: e.currentTarget.value })}>
                    <option value="">No preset</option>
                    {presets.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name}
                      </option>
                    ))}
                  </select>
                )}
              </Labeled>
              <Labeled label="Model" message={at("params.model")}>
                {(a) => (
                  <select {...a} value={step.model} onChange={(e) => set(index, { model: e.currentTarget.value })}>
                    {options(modelsFor(models, step.kind).map((m) => m.id))}
                  </select>
                )}
              </Labeled>
              <Labeled label="Size" message={at("params.size")}>
                {(a) => (
                  <select {...a} value={step.size} onChange={(e) => set(index, { size: e.currentTarget.value })}>
                    {options(info?.sizes ?? [], "Default")}
                  </select>
                )}
              </Labeled>
              <Labeled label="Quality" message={at("params.quality")}>
                {(a) => (
                  <select {...a} value={step.quality} onChange={(e) => set(index, { quality: e.currentTarget.value })}>
                    {options(info?.qualities ?? [], "Default")}
                  </select>
                )}
              </Labeled>
              <Labeled label="Number of images" message={at("params.n")}>
                {(a) => (
                  <input {...a} type="number" min={1} max={info?.max_n ?? 10} value={step.n} onInput={(e) => set(index, { n: e.currentTarget.value })} />
                )}
              </Labeled>
            </div>
            <div class="actions flush">
              <button type="button" class="danger" disabled={steps.length <= 1} onClick={() => onChange(steps.filter((_, i) => i !== index))}>
                Remove step
              </button>
            </div>
          </fieldset>
        );
      })}
    </section>
  );
}
