// The workflow editor's state: what the form holds (strings, as the inputs do), made
// from a saved workflow and turned into the API's body; and where a 422's field errors go.
import type { FieldError, Schemas } from "./api/client";
import type { ModelInfo, Workflow, WorkflowBody } from "./workflows";

export const MAX_STEPS = 4;
export type VariableType = "text" | "enum" | "image";
export type VariableDraft = {
  key: number;
  name: string;
  type: VariableType;
  options: string;
  default: string;
  required: boolean;
};
export type StepDraft = {
  id: string;
  kind: "generate" | "edit";
  prompt: string;
  preset: string;
  model: string;
  size: string;
  quality: string;
  n: string;
  /** "" (none), "step:<id>:each", "step:<id>:<index>" or "variable:<name>" */
  input: string;
};
export type Draft = { name: string; description: string; variables: VariableDraft[]; steps: StepDraft[] };

let keys = 0;
export const newVariable = (): VariableDraft => ({
  key: ++keys,
  name: "",
  type: "text",
  options: "",
  default: "",
  required: true,
});

/** The next free step id: s1, s2, ... (an id never changes once given). */
export function nextStepId(steps: StepDraft[]): string {
  for (let n = 1; ; n++) if (!steps.some((s) => s.id === `s${n}`)) return `s${n}`;
}

export function newStep(steps: StepDraft[], model: string): StepDraft {
  return { id: nextStepId(steps), kind: "generate", prompt: "", preset: "", model, size: "", quality: "", n: "1", input: "" };
}

export const emptyDraft = (model: string): Draft => ({
  name: "",
  description: "",
  variables: [],
  steps: [newStep([], model)],
});

const splitList = (text: string) => text.split(",").map((s) => s.trim()).filter(Boolean);

function inputOf(given: Schemas["StepInputOut"] | null): string {
  if (!given) return "";
  if (given.variable) return `variable:${given.variable}`;
  return given.step ? `step:${given.step}:${given.index ?? "each"}` : "";
}

export function draftOf(workflow: Workflow, fallbackModel: string): Draft {
  return {
    name: workflow.name,
    description: workflow.description,
    variables: workflow.variables.map((v) => ({
      key: ++keys,
      name: v.name,
      type: v.type,
      options: (v.options ?? []).join(", "),
      default: v.default ?? "",
      required: v.required,
    })),
    steps: workflow.steps.map((s) => ({
      id: s.id,
      kind: s.kind,
      prompt: s.prompt,
      preset: s.preset_id ?? "",
      model: s.params.model ?? fallbackModel,
      size: s.params.size ?? "",
      quality: s.params.quality ?? "",
      n: String(s.params.n ?? 1),
      input: inputOf(s.input),
    })),
  };
}

function variableBody(v: VariableDraft): Schemas["VariableIn"] {
  const out: Schemas["VariableIn"] = { name: v.name.trim(), type: v.type, required: v.required };
  if (v.type === "enum") out.options = splitList(v.options);
  if (v.type !== "image" && v.default.trim()) out.default = v.default.trim();
  return out;
}

function stepInputBody(input: string): Schemas["StepIn"]["input"] {
  const [kind, name, index] = input.split(":");
  if (kind === "variable") return { variable: name };
  if (kind === "step") return { step: name, index: index === "each" ? "each" : Number(index) };
  return undefined;
}

function stepBody(s: StepDraft): Schemas["StepIn"] {
  const params: Schemas["GenerationParameters"] = { model: s.model as Schemas["ImageModelId"], n: Number(s.n) || 1 };
  if (s.size) params.size = s.size;
  if (s.quality) params.quality = s.quality as Schemas["Quality"];
  const out: Schemas["StepIn"] = { id: s.id, kind: s.kind, prompt: s.prompt, params };
  if (s.preset) out.preset_id = s.preset;
  const input = s.kind === "edit" ? stepInputBody(s.input) : undefined;
  if (input) out.input = input;
  return out;
}

export function bodyOf(draft: Draft): WorkflowBody {
  return {
    name: draft.name,
    description: draft.description,
    variables: draft.variables.map(variableBody),
    steps: draft.steps.map(stepBody),
  };
}

/** What an edit step may read: each earlier step's outputs (each, or one of them), and
 * the image variables. */
export function inputChoices(draft: Draft, position: number): [string, string][] {
  const choices: [string, string][] = [];
  draft.steps.slice(0, position).forEach((step, i) => {
    choices.push([`step:${step.id}:each`, `Step ${i + 1}: each output`]);
    const n = Math.max(1, Math.min(Number(step.n) || 1, 10));
    for (let k = 0; k < n; k++) choices.push([`step:${step.id}:${k}`, `Step ${i + 1}: image ${k + 1}`]);
  });
  for (const v of draft.variables) if (v.type === "image" && v.name.trim()) choices.push([`variable:${v.name.trim()}`, `Variable ${v.name.trim()}`]);
  return choices;
}

export const modelsFor = (models: ModelInfo[], kind: StepDraft["kind"]) =>
  kind === "edit" ? models.filter((m) => m.supports_edit) : models;

/** The 422's field errors, read by the path of the field they name: `name`,
 * `variables[0].options`, `steps[1].prompt` (or `steps.<id>.prompt`), `inputs.color`. */
export class FieldErrors {
  constructor(readonly errors: FieldError[]) {}

  private matching(paths: string[]): FieldError[] {
    return this.errors.filter((e) =>
      paths.some((p) => e.field === p || e.field.startsWith(`${p}.`) || e.field.startsWith(`${p}[`)),
    );
  }

  /** The messages of these paths (and of the fields under them). */
  at(...paths: string[]): string | undefined {
    const found = this.matching(paths);
    return found.length ? found.map((e) => e.message).join("; ") : undefined;
  }

  /** The errors that none of these paths shows. */
  except(paths: string[]): FieldError[] {
    const shown = new Set(this.matching(paths));
    return this.errors.filter((e) => !shown.has(e));
  }
}

export const VARIABLE_FIELDS = ["name", "type", "options", "default", "required"] as const;
export const STEP_FIELDS = ["kind", "prompt", "preset_id", "params.model", "params.size", "params.quality", "params.n", "input"] as const;

export const stepPaths = (position: number, id: string, field: string) => [
  `steps[${position}].${field}`,
  `steps.${id}.${field}`,
];
export const variablePaths = (position: number, field: string) => [`variables[${position}].${field}`];

/** Every path the editor shows beside a field. */
export function editorPaths(draft: Draft): string[] {
  return [
    "name",
    "description",
    ...draft.variables.flatMap((_, i) => VARIABLE_FIELDS.flatMap((f) => variablePaths(i, f))),
    ...draft.steps.flatMap((s, i) => STEP_FIELDS.flatMap((f) => stepPaths(i, s.id, f))),
  ];
}
