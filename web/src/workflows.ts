// The workflow calls (the "Creative workflows" section of API.md): presets, saved
// workflows, quotes, runs.
import { api, ApiError, idempotencyKey, ok, type Schemas } from "./api/client";
import { sleep } from "./uploads";

export type Workflow = Schemas["Workflow"];
export type WorkflowBody = Schemas["WorkflowRequest"];
export type Preset = Schemas["Preset"];
export type RunRequest = Schemas["RunRequest"];
export type RunQuote = Schemas["RunQuote"];
export type ModelInfo = Schemas["ImageModelInfo"];

const path = (id: string) => ({ params: { path: { workflow_id: id } } });

export async function listWorkflows(cursor: string | null): Promise<Schemas["WorkflowPage"]> {
  const query = cursor ? { limit: 20, cursor } : { limit: 20 };
  return ok(api.GET("/v1/workflows", { params: { query } }));
}

export const getWorkflow = (id: string): Promise<Workflow> =>
  ok(api.GET("/v1/workflows/{workflow_id}", path(id)));

export const createWorkflow = (body: WorkflowBody): Promise<Workflow> =>
  ok(api.POST("/v1/workflows", { body }));

export const updateWorkflow = (id: string, body: WorkflowBody): Promise<Workflow> =>
  ok(api.PATCH("/v1/workflows/{workflow_id}", { ...path(id), body }));

export async function deleteWorkflow(id: string): Promise<void> {
  await ok(api.DELETE("/v1/workflows/{workflow_id}", path(id)));
}

export async function listPresets(): Promise<Preset[]> {
  return (await ok(api.GET("/v1/presets"))).data;
}

export async function listModels(): Promise<ModelInfo[]> {
  return (await ok(api.GET("/v1/models"))).data;
}

export const quoteRun = (id: string, body: RunRequest): Promise<RunQuote> =>
  ok(api.POST("/v1/workflows/{workflow_id}/runs/quote", { ...path(id), body }));

// The runs (`/v1/workflows/{id}/runs`, `/v1/workflow-runs*`).
export type Run = Schemas["WorkflowRun"];
export type RunStatus = Schemas["RunStatus"];

export const RUN_LABELS: Record<RunStatus, string> = {
  queued: "Queued",
  running: "Running",
  succeeded: "Succeeded",
  partially_succeeded: "Partially succeeded",
  failed: "Failed",
  canceled: "Canceled",
};
export const runActive = (run: Run) => run.status === "queued" || run.status === "running";

/** Start a run: one Idempotency-Key per press, sent again (the same) when the network
 * failed, so a retried request never starts a second run. */
export async function startRun(id: string, body: RunRequest): Promise<Run> {
  const key = idempotencyKey();
  for (let attempt = 1; ; attempt++) {
    try {
      const params = { path: { workflow_id: id }, header: { "Idempotency-Key": key } };
      return await ok(api.POST("/v1/workflows/{workflow_id}/runs", { params, body }));
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 0 || attempt >= 3) throw e;
      await sleep(500 * attempt);
    }
  }
}

const runPath = (id: string) => ({ params: { path: { run_id: id } } });

export const getRun = (id: string): Promise<Run> => ok(api.GET("/v1/workflow-runs/{run_id}", runPath(id)));

export const cancelRun = (id: string): Promise<Run> =>
  ok(api.POST("/v1/workflow-runs/{run_id}/cancel", runPath(id)));

export function listRuns(workflowId: string, cursor: string | null): Promise<Schemas["WorkflowRunPage"]> {
  const query = cursor ? { workflow_id: workflowId, limit: 20, cursor } : { workflow_id: workflowId, limit: 20 };
  return ok(api.GET("/v1/workflow-runs", { params: { query } }));
}

/** "color: red, subject: cube": an expansion's inputs as a person reads them. */
export function describeInputs(inputs: Record<string, unknown>): string {
  const shown = Object.entries(inputs).map(([name, value]) => {
    if (typeof value === "string") return `${name}: ${value}`;
    const ref = value as { generation_id?: string; index?: number };
    return `${name}: ${ref.generation_id ?? "image"} #${(ref.index ?? 0) + 1}`;
  });
  return shown.join(", ") || "No inputs";
}
