import { useEffect, useRef, useState } from "preact/hooks";
import { api, ok } from "../api/client";
import { useSession } from "../session";
import { ProblemAlert } from "./ProblemAlert";

/** When the policy changed since the person accepted it, a modal dialog asks them to
 * accept the new version before anything else can be done (the rest of the page is
 * inert while a modal <dialog> is open). */
export function PolicyDialog() {
  const { user, refresh } = useSession();
  const ref = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<unknown>(null);
  const needed = user?.policy.needs_acceptance === true;
  useEffect(() => {
    const dialog = ref.current;
    if (needed && dialog && !dialog.open) dialog.showModal();
    if (!needed && dialog?.open) dialog.close();
  }, [needed]);
  if (!user || !needed) return null;
  const accept = async () => {
    try {
      await ok(api.POST("/v1/me/policy-acceptance", { body: { version: user.policy.current_version } }));
      await refresh();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <dialog
      ref={ref}
      class="card dialog"
      aria-labelledby="policy-title"
      onCancel={(e) => e.preventDefault()}
    >
      <h2 id="policy-title">Our privacy policy changed</h2>
      <p>
        Version {user.policy.current_version} of the{" "}
        <a href="/legal/privacy" target="_blank" rel="noopener">
          privacy policy
        </a>{" "}
        is now in effect. Please read and accept it to go on using GPT Image 2.
      </p>
      <ProblemAlert error={error} />
      <div class="actions">
        <button class="primary" onClick={accept}>
          Accept
        </button>
      </div>
    </dialog>
  );
}
