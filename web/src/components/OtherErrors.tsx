import { ApiError, type FieldError } from "../api/client";
import { FieldErrors } from "../workflowDraft";

/** A 422's field errors that no field on screen shows, listed under the form's alert. */
export function OtherErrors({ errors }: { errors: FieldError[] }) {
  if (!errors.length) return null;
  return (
    <ul class="field-error">
      {errors.map((e) => (
        <li key={e.field + e.message}>
          {e.field}: {e.message}
        </li>
      ))}
    </ul>
  );
}

/** The field errors of a 422 (none for any other failure). */
export const fieldErrorsOf = (error: unknown) =>
  new FieldErrors(error instanceof ApiError && error.status === 422 ? error.errors : []);
