import { marked } from "marked";
import { useEffect, useMemo, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { api, ok, type Schemas } from "../api/client";
import { ProblemAlert } from "../components/ProblemAlert";
import { formatDay } from "../format";

type Policy = Schemas["PrivacyPolicy"];

/** The policy's Markdown as HTML, without its own top heading (the page has it). The
 * text is the service's own published policy, served by the API. */
function render(body: string): string {
  return marked.parse(body.replace(/^# .*\n+/, ""), { async: false });
}

export default function LegalPrivacy() {
  const { query } = useLocation();
  const [policy, setPolicy] = useState<Policy | null>(null);
  const [versions, setVersions] = useState<Schemas["PolicyVersion"][]>([]);
  const [error, setError] = useState<unknown>(null);
  const wanted = query.version;

  useEffect(() => {
    setError(null);
    const request = wanted
      ? api.GET("/v1/legal/privacy/versions/{version}", { params: { path: { version: wanted } } })
      : api.GET("/v1/legal/privacy");
    ok(request).then(setPolicy, setError);
  }, [wanted]);
  useEffect(() => {
    ok(api.GET("/v1/legal/privacy/versions")).then((v) => setVersions(v.data), () => undefined);
  }, []);
  const html = useMemo(() => (policy ? render(policy.body) : ""), [policy]);
  const current = versions.at(-1)?.version;

  return (
    <article class="page policy card">
      <h1>Privacy Policy</h1>
      {policy && (
        <p class="muted">
          Version {policy.version}, effective {formatDay(policy.effective_date)}
          {current && policy.version !== current ? " (an earlier version)" : ""}
        </p>
      )}
      <ProblemAlert error={error} />
      <div dangerouslySetInnerHTML={{ __html: html }} />
      {versions.length > 0 && (
        <nav aria-label="Policy versions">
          <h2>All versions</h2>
          <ul>
            {[...versions].reverse().map((v) => (
              <li key={v.version}>
                <a href={v.version === current ? "/legal/privacy" : `/legal/privacy?version=${encodeURIComponent(v.version)}`} aria-current={policy?.version === v.version ? "page" : undefined}>
                  Version {v.version}, effective {formatDay(v.effective_date)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </article>
  );
}
