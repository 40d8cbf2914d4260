import { newVariable, variablePaths, type FieldErrors, type VariableDraft, type VariableType } from "../workflowDraft";
import { Labeled } from "./Labeled";

type Props = { variables: VariableDraft[]; errors: FieldErrors; onChange: (next: VariableDraft[]) => void };

const TYPES: [VariableType, string][] = [
  ["text", "Text"],
  ["enum", "Choice (enum)"],
  ["image", "Image"],
];

/** The workflow's variables: name, type, options (enum), default, required. */
export function WorkflowVariables({ variables, errors, onChange }: Props) {
  const set = (index: number, change: Partial<VariableDraft>) =>
    onChange(variables.map((v, i) => (i === index ? { ...v, ...change } : v)));
  return (
    <section class="wf-section" aria-labelledby="variables-heading">
      <div class="toolbar">
        <h2 id="variables-heading">Variables</h2>
        <button type="button" onClick={() => onChange([...variables, newVariable()])}>
          Add variable
        </button>
      </div>
      {variables.length === 0 && <p class="muted">No variables: every run uses the prompts as written.</p>}
      {variables.map((v, index) => {
        const at = (field: string) => errors.at(...variablePaths(index, field));
        return (
          <fieldset class="wf-item" key={v.key}>
            <legend>Variable {index + 1}</legend>
            <div class="row">
              <Labeled label="Variable name" message={at("name")} hint="Lowercase letters, digits and _">
                {(a) => <input {...a} value={v.name} maxLength={32} onInput={(e) => set(index, { name: e.currentTarget.value })} />}
              </Labeled>
              <Labeled label="Variable type" message={at("type")}>
                {(a) => (
                  <select {...a} value={v.type} onChange={(e) => set(index, { type: e.currentTarget.value as VariableType })}>
                    {TYPES.map(([value, label]) => (
                      <option key={value} value={value}>
                        {label}
                      </option>
                    ))}
                  </select>
                )}
              </Labeled>
            </div>
            <div class="row">
              {v.type === "enum" && (
                <Labeled label="Options" message={at("options")} hint="Comma-separated: red, blue">
                  {(a) => <input {...a} value={v.options} onInput={(e) => set(index, { options: e.currentTarget.value })} />}
                </Labeled>
              )}
              {v.type !== "image" && (
                <Labeled label="Default" message={at("default")}>
                  {(a) => <input {...a} value={v.default} onInput={(e) => set(index, { default: e.currentTarget.value })} />}
                </Labeled>
              )}
            </div>
            <div class="toolbar">
              <Labeled label="Required" check message={at("required")}>
                {(a) => (
                  <input {...a} type="checkbox" checked={v.required} onChange={(e) => set(index, { required: e.currentTarget.checked })} />
                )}
              </Labeled>
              <button type="button" class="danger" onClick={() => onChange(variables.filter((_, i) => i !== index))}>
                Remove variable
              </button>
            </div>
          </fieldset>
        );
      })}
    </section>
  );
}
