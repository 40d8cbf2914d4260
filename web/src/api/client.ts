// The one way the site talks to the API: openapi-fetch typed by `schema.d.ts`, which is
// generated from the API's OpenAPI document (`make web-client`). Same origin, so the
// session travels in the API's HttpOnly cookie and the Origin check passes; the site
// never sees or stores a token.
import createClient from "openapi-fetch";
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];
export type User = Schemas["User"];
export type Generation = Schemas["Generation"];
export type Problem = Schemas["Problem"];
export type FieldError = Schemas["ProblemFieldError"];
export type Consent = Schemas["Consent"];

export const api = createClient<paths>({ baseUrl: location.origin, credentials: "same-origin" });

/** A problem+json answer (RFC 9457), with when to retry a 429. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: FieldError[];
  readonly retryAfter: number | null;

  constructor(status: number, problem: Partial<Problem>, retryAfter: number | null) {
    super(problem.detail || problem.title || `The request failed (${status}).`);
    this.status = status;
    this.code = problem.code ?? "error";
    this.errors = problem.errors ?? [];
    this.retryAfter = retryAfter;
  }

  /** The message for one field of the request body (`email` or `body.email`). */
  fieldError(field: string): string | undefined {
    return this.errors.find((e) => e.field === field || e.field.split(".").pop() === field)
      ?.message;
  }
}

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** The answer's body, or an ApiError for a problem. */
export async function ok<T>(request: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await request;
  } catch {
    throw new ApiError(0, { detail: "The service cannot be reached. Check your connection." }, null);
  }
  const { data, error, response } = answer;
  if (!response.ok) {
    const retry = Number(response.headers.get("Retry-After"));
    const problem = (typeof error === "object" && error) || {};
    throw new ApiError(response.status, problem as Partial<Problem>, retry > 0 ? retry : null);
  }
  return data as T;
}

export function idempotencyKey(): string {
  return crypto.randomUUID();
}
