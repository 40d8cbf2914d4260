import type { JSX } from "preact";
import { useId } from "preact/hooks";

export type ControlAttrs = {
  id: string;
  "aria-invalid"?: "true";
  "aria-describedby"?: string;
};
type Props = {
  label: string;
  /** The 422's message for this field, shown under it and named by aria-describedby. */
  message?: string;
  hint?: string;
  /** A checkbox: the control before its label. */
  check?: boolean;
  children: (attrs: ControlAttrs) => JSX.Element;
};

/** One labelled control (input, select, textarea) with its hint and its field error. */
export function Labeled({ label, message, hint, check, children }: Props) {
  const id = useId();
  const described = [hint && `${id}-hint`, message && `${id}-error`].filter(Boolean).join(" ");
  const attrs: ControlAttrs = { id };
  if (message) attrs["aria-invalid"] = "true";
  if (described) attrs["aria-describedby"] = described;
  const notes = (
    <>
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
    </>
  );
  if (check) {
    return (
      <div class="field">
        <div class="check">
          {children(attrs)}
          <label for={id}>{label}</label>
        </div>
        {notes}
      </div>
    );
  }
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children(attrs)}
      {notes}
    </div>
  );
}
