import { ApiError } from "../api/client";

/** A failed request as a person reads it: the problem's `detail`, when to retry a 429,
 * and the way to billing for a 402. Field errors are shown beside their fields. */
export function ProblemAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const problem = error instanceof ApiError ? error : null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div class="alert alert-error" role="alert">
      <p>{message}</p>
      {problem?.status === 429 && (
        <p>Too many requests: try again in {problem.retryAfter ?? 60} seconds.</p>
      )}
      {problem?.status === 402 && (
        <p>
          <a href="/billing">Buy credits on the billing page</a>
        </p>
      )}
    </div>
  );
}

export function Notice({ children }: { children: preact.ComponentChildren }) {
  return (
    <div class="alert alert-info" role="status">
      {children}
    </div>
  );
}
