import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { api, ok, type Schemas } from "../api/client";
import { Field } from "../components/Field";
import { Notice, ProblemAlert } from "../components/ProblemAlert";
import { formatDate } from "../format";
import { useSession } from "../session";

type Session = Schemas["Session"];
type SecurityEvent = Schemas["SecurityEvent"];

function Profile() {
  const { user, setUser } = useSession();
  const [name, setName] = useState(user?.name ?? "");
  const [theme, setTheme] = useState(user?.settings.theme ?? "system");
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const save = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    try {
      const settings = { theme: theme as Schemas["Theme"] };
      setUser(await ok(api.PATCH("/v1/me", { body: { name, settings } })));
      setSaved(true);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form class="card" onSubmit={save} noValidate>
      <h2>Profile</h2>
      <p class="muted">{user?.email}</p>
      <Field label="Name" name="name" autoComplete="name" value={name} onValue={setName} error={error} />
      <div class="field">
        <label for="theme">Theme</label>
        <select id="theme" value={theme} onChange={(e) => setTheme(e.currentTarget.value as typeof theme)}>
          <option value="system">Same as the system</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </div>
      <ProblemAlert error={error} />
      {saved && <Notice>Your profile is saved.</Notice>}
      <button class="primary" type="submit">
        Save
      </button>
    </form>
  );
}

function PasswordChange() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const change = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setDone(false);
    try {
      await ok(api.POST("/v1/auth/password/change", { body: { current_password: current, new_password: next } }));
      setCurrent("");
      setNext("");
      setDone(true);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form class="card" onSubmit={change} noValidate>
      <h2>Password</h2>
      <Field label="Current password" name="current_password" type="password" autoComplete="current-password" value={current} onValue={setCurrent} error={error} />
      <Field label="New password" name="new_password" type="password" autoComplete="new-password" value={next} onValue={setNext} error={error} />
      <ProblemAlert error={error} />
      {done && <Notice>Your password is changed; your other sessions are signed out.</Notice>}
      <button type="submit">Change password</button>
    </form>
  );
}

function Sessions() {
  const { setUser } = useSession();
  const { route } = useLocation();
  const [sessions, setSessions] = useState<Session[]>([]);
  const [events, setEvents] = useState<SecurityEvent[]>([]);
  const [error, setError] = useState<unknown>(null);
  const load = () =>
    Promise.all([
      ok(api.GET("/v1/auth/sessions")).then((s) => setSessions(s.data)),
      ok(api.GET("/v1/me/security-events", { params: { query: { limit: 20 } } })).then((e) => setEvents(e.data)),
    ]).catch(setError);
  useEffect(() => void load(), []);
  const revoke = async (id: string) => {
    try {
      await ok(api.DELETE("/v1/auth/sessions/{session_id}", { params: { path: { session_id: id } } }));
      await load();
    } catch (e) {
      setError(e);
    }
  };
  const logout = async () => {
    await api.POST("/v1/auth/logout").catch(() => undefined);
    setUser(null);
    route("/login", true);
  };
  return (
    <>
      <div class="card">
        <div class="toolbar">
          <h2>Sessions</h2>
          <button onClick={logout}>Log out</button>
        </div>
        <ProblemAlert error={error} />
        <ul class="list" aria-label="Sessions">
          {sessions.map((s) => (
            <li key={s.id}>
              <div>
                <strong>{s.user_agent || "Unknown device"}</strong>
                {s.current && <span class="status status-succeeded">This device</span>}
                <br />
                <span class="muted">
                  {s.ip_prefix} · signed in {formatDate(s.created_at)} · last seen {formatDate(s.last_seen_at)}
                </span>
              </div>
              {!s.current && <button onClick={() => void revoke(s.id)}>Sign out</button>}
            </li>
          ))}
        </ul>
      </div>
      <div class="card table-wrap">
        <table>
          <caption>Security events</caption>
          <thead>
            <tr><th>Date</th><th>Event</th><th>Network</th><th>Device</th></tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <td>{formatDate(e.created_at)}</td>
                <td>{e.type.replace(/_/g, " ")}</td>
                <td>{e.ip_prefix}</td>
                <td>{e.user_agent}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export default function Account() {
  return (
    <section class="page stack">
      <h1>Account</h1>
      <div class="grid-2">
        <Profile />
        <PasswordChange />
      </div>
      <Sessions />
    </section>
  );
}
