import { ApiError } from "../api/client";

type Props = {
  legend: string;
  name: string;
  options: readonly string[];
  chosen: string[];
  onChange: (chosen: string[]) => void;
  error?: unknown;
};

/** A fieldset of checkboxes (scopes, event types) with the 422 of its field under it. */
export function Checkboxes({ legend, name, options, chosen, onChange, error }: Props) {
  const message = error instanceof ApiError ? error.fieldError(name) : undefined;
  const errorId = `${name}-error`;
  const toggle = (option: string, on: boolean) =>
    onChange(on ? [...chosen, option] : chosen.filter((c) => c !== option));
  return (
    <fieldset class="field checks" aria-describedby={message ? errorId : undefined}>
      <legend>{legend}</legend>
      {options.map((option) => (
        <div class="check" key={option}>
          <input id={`${name}-${option}`} type="checkbox" checked={chosen.includes(option)}
            onChange={(e) => toggle(option, e.currentTarget.checked)} />
          <label for={`${name}-${option}`}>{option}</label>
        </div>
      ))}
      {message && (
        <p class="field-error" id={errorId}>
          {message}
        </p>
      )}
    </fieldset>
  );
}
