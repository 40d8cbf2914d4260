import { useEffect, useState } from "preact/hooks";
import { gpcEnabled, useConsent } from "../consent";
import { useSession } from "../session";
import { ProblemAlert } from "./ProblemAlert";

/** Shown until the visitor has chosen (the API's consent has no `updated_at` before),
 * or again when the privacy center asks to change the choices; never over the policy
 * dialog, which comes first. */
export function CookieBanner() {
  const { consent, save, customizing, setCustomizing } = useConsent();
  const { user } = useSession();
  const [choices, setChoices] = useState({ functional: false, analytics: false, marketing: false });
  const [error, setError] = useState<unknown>(null);
  const gpc = gpcEnabled() || consent?.gpc === true;
  useEffect(() => {
    if (consent) {
      const { functional, analytics, marketing } = consent.categories;
      setChoices({ functional, analytics, marketing: marketing && !gpc });
    }
  }, [consent, gpc]);
  if (!consent || (consent.updated_at && !customizing)) return null;
  if (user?.policy.needs_acceptance) return null;
  const choose = (value: typeof choices) => save(value).then(() => setError(null), setError);
  const open = customizing;
  return (
    <section class="cookie-banner card" role="region" aria-label="Cookie choices">
      <h2>Cookies and similar storage</h2>
      <p>
        We use necessary cookies to keep you signed in. With your permission we also remember
        preferences (functional), measure how the site is used (analytics) and measure our own
        campaigns (marketing). Read the <a href="/legal/privacy">privacy policy</a>.
      </p>
      {gpc && (
        <p class="gpc-note">
          Global Privacy Control is on in your browser: marketing stays off.
        </p>
      )}
      {open && (
        <fieldset class="switches">
          <legend>Choose what to allow</legend>
          {(["functional", "analytics", "marketing"] as const).map((key) => (
            <label class="switch" key={key}>
              <input
                type="checkbox"
                role="switch"
                checked={choices[key]}
                disabled={key === "marketing" && gpc}
                onChange={(e) => setChoices({ ...choices, [key]: e.currentTarget.checked })}
              />
              <span>{key[0].toUpperCase() + key.slice(1)}</span>
            </label>
          ))}
        </fieldset>
      )}
      <ProblemAlert error={error} />
      <div class="actions">
        <button
          class="primary"
          onClick={() => choose({ functional: true, analytics: true, marketing: !gpc })}
        >
          Accept all
        </button>
        <button onClick={() => choose({ functional: false, analytics: false, marketing: false })}>
          Reject all
        </button>
        {open ? (
          <button onClick={() => choose(choices)}>Save choices</button>
        ) : (
          <button onClick={() => setCustomizing(true)}>Customize</button>
        )}
      </div>
    </section>
  );
}
