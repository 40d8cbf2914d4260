// The visitor's cookie choices (`GET/PUT /v1/consent`) and the usage events they allow:
// page views, feature interactions and Web Vitals go to `POST /v1/events` in batches, and
// only while analytics is consented to.
import { createContext } from "preact";
import { useCallback, useContext, useEffect, useState } from "preact/hooks";
import { api, ok, type Consent, type Schemas } from "./api/client";

type UsageEvent = Schemas["UsageEvent"];
type Choices = { functional: boolean; analytics: boolean; marketing: boolean };

const BATCH_MS = 5000;
const MAX_BATCH = 50;
let queue: UsageEvent[] = [];
// Until the consent is known, events wait in memory (never sent); a refusal drops them.
let consentKnown = false;
let analyticsAllowed = false;
let timer: number | undefined;
let lcp: number | null = null;

export function gpcEnabled(): boolean {
  return (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true;
}

function flush(): void {
  window.clearTimeout(timer);
  timer = undefined;
  if (lcp !== null && analyticsAllowed) {
    queue.push({ type: "performance", name: "LCP", properties: { value_ms: lcp }, occurred_at: new Date().toISOString() });
    lcp = null;
  }
  const events = queue.splice(0, MAX_BATCH);
  if (!analyticsAllowed || events.length === 0) return;
  // A beacon (not the typed client, which starts the request a tick later): a flush on
  // `pagehide` must leave before the page does, and a beacon outlives the page.
  const body: Schemas["UsageEvents"] = { events };
  navigator.sendBeacon("/v1/events", new Blob([JSON.stringify(body)], { type: "application/json" }));
  if (queue.length) timer = window.setTimeout(flush, BATCH_MS);
}

/** Queue a usage event; nothing is kept or sent without analytics consent. */
export function track(type: UsageEvent["type"], name: string, properties?: Record<string, string | number>) {
  if (consentKnown && !analyticsAllowed) return;
  queue.push({ type, name, properties, occurred_at: new Date().toISOString() });
  if (analyticsAllowed && timer === undefined) timer = window.setTimeout(flush, BATCH_MS);
}

function observeVitals(): void {
  if (typeof PerformanceObserver === "undefined") return;
  try {
    // The last candidate before the page is hidden is the page's LCP: sent with the batch.
    new PerformanceObserver((list) => {
      const last = list.getEntries().at(-1);
      if (last) lcp = Math.round(last.startTime);
      if (timer === undefined) timer = window.setTimeout(flush, BATCH_MS);
    }).observe({ type: "largest-contentful-paint", buffered: true });
  } catch {
    // a browser without LCP entries reports nothing
  }
}

addEventListener("visibilitychange", () => {
  if (document.visibilityState === "hidden") flush();
});
addEventListener("pagehide", flush);

type ConsentValue = {
  consent: Consent | undefined;
  save: (choices: Choices) => Promise<void>;
  customizing: boolean;
  setCustomizing: (open: boolean) => void;
};

const ConsentContext = createContext<ConsentValue>({
  consent: undefined,
  save: async () => undefined,
  customizing: false,
  setCustomizing: () => undefined,
});

export function ConsentProvider({ children }: { children: preact.ComponentChildren }) {
  const [consent, setConsent] = useState<Consent | undefined>(undefined);
  const [customizing, setCustomizing] = useState(false);
  const adopt = useCallback((value: Consent) => {
    const before = analyticsAllowed;
    consentKnown = true;
    analyticsAllowed = value.categories.analytics;
    if (!analyticsAllowed) queue = [];
    if (analyticsAllowed && !before) observeVitals();
    if (analyticsAllowed && queue.length && timer === undefined) timer = window.setTimeout(flush, BATCH_MS);
    setConsent(value);
  }, []);
  useEffect(() => {
    ok(api.GET("/v1/consent")).then(adopt, () => undefined);
  }, [adopt]);
  const save = useCallback(
    async (choices: Choices) => {
      const marketing = choices.marketing && !gpcEnabled();
      adopt(await ok(api.PUT("/v1/consent", { body: { ...choices, marketing } })));
      setCustomizing(false);
    },
    [adopt],
  );
  return (
    <ConsentContext.Provider value={{ consent, save, customizing, setCustomizing }}>
      {children}
    </ConsentContext.Provider>
  );
}

export function useConsent(): ConsentValue {
  return useContext(ConsentContext);
}
