import { useEffect, useState } from "preact/hooks";
import { api, ok, type Generation } from "../api/client";
import { ProblemAlert } from "../components/ProblemAlert";
import { formatDate, statusLabel } from "../format";

const PAGE = 24;

export default function Library() {
  const [items, setItems] = useState<Generation[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const load = async (from: string | null) => {
    setBusy(true);
    try {
      const query = from ? { limit: PAGE, cursor: from } : { limit: PAGE };
      const page = await ok(api.GET("/v1/generations", { params: { query } }));
      setItems((list) => (from ? [...list, ...page.data] : page.data));
      setCursor(page.next_cursor ?? null);
      setLoaded(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => void load(null), []);

  return (
    <section class="page">
      <div class="toolbar">
        <h1>Library</h1>
        <a class="button primary" href="/">
          New image
        </a>
      </div>
      <ProblemAlert error={error} />
      {loaded && items.length === 0 && (
        <div class="card">
          <p>Nothing here yet. Your generations appear here, newest first.</p>
        </div>
      )}
      <ul class="gallery" aria-label="Generations">
        {items.map((g) => {
          const image = g.images[0];
          const thumb = image?.thumbnail_url ?? image?.url;
          return (
            <li class="card tile" key={g.id}>
              <a href={`/library/${g.id}`}>
                <div class="thumb">
                  {thumb ? (
                    <img src={thumb} alt={g.prompt} loading="lazy" width={256} height={256} />
                  ) : (
                    <span aria-hidden="true">No image</span>
                  )}
                </div>
                <div class="meta">
                  <p class="prompt">{g.prompt}</p>
                  <span class={`status status-${g.status}`}>{statusLabel(g.status)}</span>{" "}
                  <span class="muted">{formatDate(g.created_at)}</span>
                </div>
              </a>
            </li>
          );
        })}
      </ul>
      {cursor && (
        <div class="actions center">
          <button onClick={() => void load(cursor)} disabled={busy}>
            Load more
          </button>
        </div>
      )}
    </section>
  );
}
