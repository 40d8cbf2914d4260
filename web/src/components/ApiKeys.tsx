import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../api/client";
import { type ApiKey, type ApiKeyCreated, createKey, listKeys, reauth, revokeKey, SCOPES, type Scope } from "../developers";
import { formatDate } from "../format";
import { Checkboxes } from "./Checkboxes";
import { Field } from "./Field";
import { ProblemAlert } from "./ProblemAlert";
import { SecretOnce } from "./SecretOnce";

function KeyItem({ apiKey, onRevoke }: { apiKey: ApiKey; onRevoke: (key: ApiKey) => void }) {
  return (
    <li aria-label={apiKey.name}>
      <div>
        <strong>{apiKey.name}</strong> <code>{apiKey.prefix}…</code>
        <br />
        <span class="muted">{apiKey.scopes.join(", ")}</span>
        <br />
        <span class="muted">
          Created {formatDate(apiKey.created_at)} · last used {apiKey.last_used_at ? formatDate(apiKey.last_used_at) : "never"} ·{" "}
          {apiKey.expires_at ? `expires ${formatDate(apiKey.expires_at)}` : "does not expire"}
        </span>
      </div>
      <button type="button" class="danger" onClick={() => onRevoke(apiKey)}>
        Revoke {apiKey.name}
      </button>
    </li>
  );
}

export function ApiKeys() {
  const [keys, setKeys] = useState<ApiKey[]>([]);
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<string[]>([]);
  const [expires, setExpires] = useState("");
  const [password, setPassword] = useState("");
  const [asking, setAsking] = useState(false);
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => void listKeys().then(setKeys).catch(setError), []);

  const create = async () => {
    const key = await createKey(name, scopes as Scope[], expires);
    setCreated(key);
    setKeys((all) => [key, ...all]);
    setName("");
    setScopes([]);
    setExpires("");
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setCreated(null);
    try {
      await create();
    } catch (e) {
      if (e instanceof ApiError && e.code === "reauth_required") setAsking(true);
      else setError(e);
    }
  };
  const confirm = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      await reauth(password);
      setPassword("");
      setAsking(false);
      await create();
    } catch (e) {
      setError(e);
    }
  };
  const revoke = async (key: ApiKey) => {
    if (!window.confirm(`Revoke the key "${key.name}"? Programs using it stop working at once.`)) return;
    setError(null);
    try {
      await revokeKey(key.id);
      setKeys((all) => all.filter((k) => k.id !== key.id));
      if (created?.id === key.id) setCreated(null);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section class="card" aria-labelledby="api-keys-heading">
      <h2 id="api-keys-heading">API keys</h2>
      <p class="muted">
        Call the API from your own programs with <code>Authorization: Bearer gi2_sk_…</code>. A key reaches only
        its scopes, never your account, billing or keys.
      </p>
      <form onSubmit={submit} noValidate>
        <Field label="Key name" name="name" value={name} onValue={setName} error={error} maxLength={100} />
        <Checkboxes legend="Scopes" name="scopes" options={SCOPES} chosen={scopes} onChange={setScopes} error={error} />
        <Field label="Expires on" name="expires_at" type="date" value={expires} onValue={setExpires} error={error}
          hint="Optional: without a date the key works until you revoke it." />
        {!asking && (
          <button class="primary" type="submit">
            Create key
          </button>
        )}
      </form>
      {asking && (
        <form class="reauth" onSubmit={confirm} noValidate>
          <p>Creating a key needs your password again.</p>
          <Field label="Password" name="password" type="password" autoComplete="current-password" value={password}
            onValue={setPassword} error={error} />
          <div class="actions flush">
            <button class="primary" type="submit">
              Confirm
            </button>
            <button type="button" onClick={() => setAsking(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <ProblemAlert error={error} />
      {created && <SecretOnce label="New API key" button="Copy key" value={created.key} />}
      {keys.length === 0 ? (
        <p class="muted">No API keys yet.</p>
      ) : (
        <ul class="list" aria-label="API keys">
          {keys.map((k) => (
            <KeyItem key={k.id} apiKey={k} onRevoke={(key) => void revoke(key)} />
          ))}
        </ul>
      )}
    </section>
  );
}
