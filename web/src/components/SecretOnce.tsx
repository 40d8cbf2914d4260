import { useId, useState } from "preact/hooks";

/** A secret shown this once: a read-only textbox, a copy button and its "Copied" status. */
export function SecretOnce({ label, button, value }: { label: string; button: string; value: string }) {
  const id = useId();
  const [copied, setCopied] = useState<string>("");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("Copied");
    } catch {
      setCopied("Copying failed: select the text and copy it yourself.");
    }
  };
  return (
    <div class="secret-once">
      <div class="field">
        <label for={id}>{label}</label>
        <input id={id} class="mono" type="text" readOnly value={value} aria-describedby={`${id}-note`}
          onFocus={(e) => e.currentTarget.select()} />
        <p class="hint" id={`${id}-note`}>
          Copy it now: it will not be shown again.
        </p>
      </div>
      <div class="actions flush">
        <button type="button" class="primary" onClick={() => void copy()}>
          {button}
        </button>
        <span role="status" class="muted">
          {copied}
        </span>
      </div>
    </div>
  );
}
