import type { JSX } from "preact";
import { useId } from "preact/hooks";
import { ApiError } from "../api/client";

type FieldProps = JSX.InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  name: string;
  error?: unknown;
  hint?: string;
  value: string;
  onValue: (value: string) => void;
};

/** A labelled input whose 422 message (from the problem's `errors`) is shown beside it. */
export function Field({ label, name, error, hint, value, onValue, ...rest }: FieldProps) {
  const id = useId();
  const message = error instanceof ApiError ? error.fieldError(name) : undefined;
  const described = [hint && `${id}-hint`, message && `${id}-error`].filter(Boolean).join(" ");
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        name={name}
        value={value}
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-invalid={message ? "true" : undefined}
        aria-describedby={described || undefined}
        {...rest}
      />
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {message && (
        <p class="field-error" id={`${id}-error`}>
          {message}
        </p>
      )}
    </div>
  );
}
