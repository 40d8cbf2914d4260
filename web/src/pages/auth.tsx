// Signing up (with the age screen and the policy), verifying the email, logging in and
// resetting a password: the pages a signed-out visitor reaches.
import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { api, ApiError, ok } from "../api/client";
import { Field } from "../components/Field";
import { Notice, ProblemAlert } from "../components/ProblemAlert";
import { useSession } from "../session";

/** Where to go after signing in: a path of this site only. */
function nextPath(query: Record<string, string>): string {
  const next = query.next ?? "";
  return next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

function useSubmit() {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = (work: () => Promise<void>) => async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, submit };
}

export function Signup() {
  const { setUser } = useSession();
  const { route } = useLocation();
  const [form, setForm] = useState({ email: "", password: "", name: "", birth_date: "" });
  const [accepted, setAccepted] = useState(false);
  const [policyVersion, setPolicyVersion] = useState<string | null>(null);
  const [refused, setRefused] = useState(false);
  const { error, busy, submit } = useSubmit();
  useEffect(() => {
    ok(api.GET("/v1/legal/privacy")).then((policy) => setPolicyVersion(policy.version), () => undefined);
  }, []);
  const set = (key: keyof typeof form) => (value: string) => setForm({ ...form, [key]: value });
  const onSubmit = submit(async () => {
    if (!accepted) throw new Error("Accept the privacy policy to create an account.");
    if (!policyVersion) throw new Error("The privacy policy could not be loaded. Reload the page.");
    try {
      const answer = await ok(
        api.POST("/v1/auth/signup", { body: { ...form, accept_policy_version: policyVersion } }),
      );
      setUser(answer.user);
      route("/verify");
    } catch (e) {
      if (e instanceof ApiError && e.code === "age_restricted") {
        setForm({ email: "", password: "", name: "", birth_date: "" });
        setRefused(true);
        return;
      }
      throw e;
    }
  });
  if (refused) {
    return (
      <section class="page narrow card">
        <h1>Create your account</h1>
        <p role="status">Sorry, we can't create an account for you.</p>
        <p>
          <a href="/legal/privacy">Read our privacy policy</a>
        </p>
      </section>
    );
  }
  return (
    <section class="page narrow card">
      <h1>Create your account</h1>
      <p class="muted">50 free credits once you verify your email.</p>
      <form onSubmit={onSubmit} noValidate>
        <Field label="Email" name="email" type="email" autoComplete="email" required value={form.email} onValue={set("email")} error={error} />
        <Field label="Password" name="password" type="password" autoComplete="new-password" required value={form.password} onValue={set("password")} error={error} hint="At least 8 characters." />
        <Field label="Name" name="name" autoComplete="name" required value={form.name} onValue={set("name")} error={error} />
        <Field label="Date of birth" name="birth_date" type="date" required value={form.birth_date} onValue={set("birth_date")} error={error} />
        <div class="check">
          <input id="accept-policy" type="checkbox" required checked={accepted} onChange={(e) => setAccepted(e.currentTarget.checked)} />
          <label for="accept-policy">
            I accept the <a href="/legal/privacy">privacy policy</a>
          </label>
        </div>
        <ProblemAlert error={error} />
        <button class="primary" type="submit" disabled={busy}>
          Create account
        </button>
      </form>
      <p class="muted">
        Already have an account? <a href="/login">Log in</a>
      </p>
    </section>
  );
}

export function Verify() {
  const { refresh, user } = useSession();
  const { route } = useLocation();
  const [code, setCode] = useState("");
  const [sent, setSent] = useState(false);
  const { error, busy, submit } = useSubmit();
  const [resendError, setResendError] = useState<unknown>(null);
  const onSubmit = submit(async () => {
    await ok(api.POST("/v1/auth/verify-email", { body: { code: code.trim() } }));
    await refresh();
    route("/");
  });
  const resend = async () => {
    setResendError(null);
    try {
      await ok(api.POST("/v1/auth/verify-email/resend"));
      setSent(true);
    } catch (e) {
      setResendError(e);
    }
  };
  return (
    <section class="page narrow card">
      <h1>Verify your email</h1>
      <p class="muted">We sent a code to {user?.email ?? "your email address"}.</p>
      <form onSubmit={onSubmit} noValidate>
        <Field label="Verification code" name="code" inputMode="numeric" autoComplete="one-time-code" required value={code} onValue={setCode} error={error} />
        <ProblemAlert error={error} />
        <button class="primary" type="submit" disabled={busy}>
          Verify
        </button>
      </form>
      <div class="actions">
        <button type="button" onClick={resend}>
          Send a new code
        </button>
      </div>
      {sent && <Notice>A new code is on its way.</Notice>}
      <ProblemAlert error={resendError} />
    </section>
  );
}

export function Login() {
  const { setUser } = useSession();
  const { route, query } = useLocation();
  const [form, setForm] = useState({ email: "", password: "" });
  const { error, busy, submit } = useSubmit();
  const onSubmit = submit(async () => {
    const answer = await ok(api.POST("/v1/auth/login", { body: form }));
    setUser(answer.user);
    route(nextPath(query), true);
  });
  return (
    <section class="page narrow card">
      <h1>Log in</h1>
      <form onSubmit={onSubmit} noValidate>
        <Field label="Email" name="email" type="email" autoComplete="email" required value={form.email} onValue={(email) => setForm({ ...form, email })} error={error} />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required value={form.password} onValue={(password) => setForm({ ...form, password })} error={error} />
        <ProblemAlert error={error} />
        <button class="primary" type="submit" disabled={busy}>
          Log in
        </button>
      </form>
      <p class="muted">
        <a href="/forgot">Forgot password?</a> · New here? <a href="/signup">Create an account</a>
      </p>
    </section>
  );
}

export function Forgot() {
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const { error, busy, submit } = useSubmit();
  const onSubmit = submit(async () => {
    await ok(api.POST("/v1/auth/password/forgot", { body: { email } }));
    setSent(true);
  });
  return (
    <section class="page narrow card">
      <h1>Reset your password</h1>
      <form onSubmit={onSubmit} noValidate>
        <Field label="Email" name="email" type="email" autoComplete="email" required value={email} onValue={setEmail} error={error} />
        <ProblemAlert error={error} />
        <button class="primary" type="submit" disabled={busy}>
          Send reset link
        </button>
      </form>
      {sent && <Notice>If an account uses that address, a reset link is on its way.</Notice>}
      <p class="muted">
        <a href="/login">Back to log in</a>
      </p>
    </section>
  );
}

export function Reset() {
  const { query } = useLocation();
  const [password, setPassword] = useState("");
  const [done, setDone] = useState(false);
  const { error, busy, submit } = useSubmit();
  const onSubmit = submit(async () => {
    await ok(
      api.POST("/v1/auth/password/reset", { body: { token: query.token ?? "", new_password: password } }),
    );
    setDone(true);
  });
  return (
    <section class="page narrow card">
      <h1>Choose a new password</h1>
      {done ? (
        <Notice>
          Your password is changed and every session is signed out. <a href="/login">Log in</a>
        </Notice>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <Field label="New password" name="new_password" type="password" autoComplete="new-password" required value={password} onValue={setPassword} error={error} />
          <ProblemAlert error={error} />
          <button class="primary" type="submit" disabled={busy}>
            Set new password
          </button>
        </form>
      )}
    </section>
  );
}
