import { useEffect, useRef, useState } from "preact/hooks";
import { api, idempotencyKey, ok, type Schemas } from "../api/client";
import { Field } from "../components/Field";
import { Notice, ProblemAlert } from "../components/ProblemAlert";
import { useConsent } from "../consent";
import { formatDate } from "../format";
import { useSession } from "../session";
import { sleep } from "../uploads";

type Request = Schemas["PrivacyRequest"];
type RequestType = Schemas["PrivacyRequestType"];

async function ask(type: RequestType): Promise<Request> {
  return ok(
    api.POST("/v1/privacy/requests", { body: { type }, params: { header: { "Idempotency-Key": idempotencyKey() } } }),
  );
}

async function getRequest(id: string): Promise<Request> {
  return ok(api.GET("/v1/privacy/requests/{request_id}", { params: { path: { request_id: id } } }));
}

function Export() {
  const [request, setRequest] = useState<Request | null>(null);
  const [error, setError] = useState<unknown>(null);
  const alive = useRef(true);
  useEffect(() => () => void (alive.current = false), []);

  const watch = async (start: Request) => {
    let current = start;
    setRequest(current);
    for (let delay = 1000; alive.current && ["pending", "in_progress"].includes(current.status); delay = Math.min(delay * 1.5, 10000)) {
      await sleep(delay);
      current = await getRequest(current.id);
      if (alive.current) setRequest(current);
    }
  };
  useEffect(() => {
    ok(api.GET("/v1/privacy/requests", { params: { query: { limit: 20 } } }))
      .then(async (page) => {
        const latest = page.data.find((r) => r.type === "export");
        if (latest && latest.status !== "canceled" && latest.status !== "failed") await watch(await getRequest(latest.id));
      })
      .catch(setError);
  }, []);
  const start = async () => {
    setError(null);
    try {
      await watch(await ask("export"));
    } catch (e) {
      setError(e);
    }
  };
  const waiting = request && ["pending", "in_progress"].includes(request.status);
  return (
    <div class="card">
      <h2>Your data</h2>
      <p class="muted">A ZIP of everything we hold about you: account, settings, generations and their images, billing records and more.</p>
      <div class="actions">
        <button class="primary" onClick={start} disabled={!!waiting}>
          Download my data
        </button>
        {request?.download_url && (
          <a class="button" href={request.download_url} download>
            Download export
          </a>
        )}
      </div>
      {waiting && <p role="status" class="muted">Preparing your export… we also email you when it is ready.</p>}
      {request?.download_url && request.expires_at && <p class="muted">The link works until {formatDate(request.expires_at)}.</p>}
      <ProblemAlert error={error} />
    </div>
  );
}

function Restriction() {
  const { user, refresh } = useSession();
  const [error, setError] = useState<unknown>(null);
  const toggle = async () => {
    setError(null);
    try {
      await ask(user?.restricted ? "restriction_lift" : "restriction");
      await refresh();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div class="card">
      <h2>Restrict processing</h2>
      <p class="muted">
        {user?.restricted
          ? "Processing is restricted: we keep your data but do not use it; generating is paused."
          : "Pause the use of your data (generation and usage analytics) while keeping it."}
      </p>
      <button onClick={toggle}>{user?.restricted ? "Lift restriction" : "Restrict processing"}</button>
      <ProblemAlert error={error} />
    </div>
  );
}

function Deletion() {
  const { user, refresh } = useSession();
  const [asking, setAsking] = useState(false);
  const [password, setPassword] = useState("");
  const [error, setError] = useState<unknown>(null);
  const scheduled = user?.deletion;
  const confirm = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      await ok(api.POST("/v1/auth/reauth", { body: { password } }));
      await ask("deletion");
      setPassword("");
      setAsking(false);
      await refresh();
    } catch (e) {
      setError(e);
    }
  };
  const cancel = async () => {
    if (!scheduled) return;
    setError(null);
    try {
      await ok(api.POST("/v1/privacy/requests/{request_id}/cancel", { params: { path: { request_id: scheduled.request_id } } }));
      await refresh();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div class="card">
      <h2>Delete your account</h2>
      {scheduled ? (
        <>
          <Notice>Your account will be deleted on {formatDate(scheduled.scheduled_for)}. Until then it is restricted, and you can change your mind.</Notice>
          <button onClick={cancel}>Cancel deletion</button>
        </>
      ) : asking ? (
        <form onSubmit={confirm} noValidate>
          <p>Everything is erased after a grace period; billing records are kept without your name or email, as the law requires.</p>
          <Field label="Password" name="password" type="password" autoComplete="current-password" value={password} onValue={setPassword} error={error} />
          <div class="actions">
            <button class="danger" type="submit">Confirm deletion</button>
            <button type="button" onClick={() => setAsking(false)}>Keep my account</button>
          </div>
        </form>
      ) : (
        <>
          <p class="muted">Erase your account, your images and your personal data.</p>
          <button class="danger" onClick={() => setAsking(true)}>Delete my account</button>
        </>
      )}
      <ProblemAlert error={error} />
    </div>
  );
}

function ConsentSummary() {
  const { consent, setCustomizing } = useConsent();
  const on = (value: boolean | undefined) => (value ? "allowed" : "off");
  return (
    <div class="card">
      <h2>Cookies and analytics</h2>
      {consent && (
        <ul class="plain">
          <li>Necessary: always on (your session)</li>
          <li>Functional: {on(consent.categories.functional)}</li>
          <li>Analytics: {on(consent.categories.analytics)}</li>
          <li>Marketing: {on(consent.categories.marketing)}{consent.gpc ? " (Global Privacy Control)" : ""}</li>
        </ul>
      )}
      <button onClick={() => setCustomizing(true)}>Change cookie choices</button>
    </div>
  );
}

function Published() {
  const [retention, setRetention] = useState<Schemas["RetentionClass"][]>([]);
  const [processors, setProcessors] = useState<Schemas["Subprocessor"][]>([]);
  useEffect(() => {
    ok(api.GET("/v1/legal/retention")).then((r) => setRetention(r.data), () => undefined);
    ok(api.GET("/v1/legal/subprocessors")).then((s) => setProcessors(s.data), () => undefined);
  }, []);
  return (
    <>
      <div class="card table-wrap">
        <table>
          <caption>How long we keep your data</caption>
          <thead><tr><th>Data</th><th>What it is</th><th class="num">Kept</th><th>After account deletion</th></tr></thead>
          <tbody>
            {retention.map((r) => (
              <tr key={r.category}>
                <td>{r.category}</td>
                <td>{r.description}</td>
                <td class="num">{r.retention_days === null ? "until you delete it" : `${r.retention_days} ${r.retention_days === 1 ? "day" : "days"}`}</td>
                <td>{r.after_deletion}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="card table-wrap">
        <table>
          <caption>Sub-processors</caption>
          <thead><tr><th>Name</th><th>Purpose</th><th>Data</th><th>Location</th><th>Transfers</th></tr></thead>
          <tbody>
            {processors.map((p) => (
              <tr key={p.name}>
                <td>{p.name}</td>
                <td>{p.purpose}</td>
                <td>{p.data_categories.join(", ")}</td>
                <td>{p.location}</td>
                <td>{p.transfer_mechanism}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export default function Privacy() {
  return (
    <section class="page stack">
      <h1>Privacy center</h1>
      <p class="muted">
        Your rights under our <a href="/legal/privacy">privacy policy</a>, in one place. We answer every request within 30 days.
      </p>
      <div class="grid-2">
        <Export />
        <Restriction />
        <ConsentSummary />
        <Deletion />
      </div>
      <Published />
    </section>
  );
}
