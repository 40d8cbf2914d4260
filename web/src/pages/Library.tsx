import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { api, ok, type Generation, type Schemas } from "../api/client";
import { CollectionHeader, CollectionList } from "../components/Collections";
import { FavoriteButton } from "../components/FavoriteButton";
import { LibraryFilters, type Filters } from "../components/LibraryFilters";
import { ProblemAlert } from "../components/ProblemAlert";
import type { operations } from "../api/schema";
import { formatDate, statusLabel } from "../format";
import { getGeneration } from "../generations";
import { getCollection, listCollections, type Collection } from "../library";
import { useLiveLibrary } from "../liveLibrary";

const PAGE = 24;
type ListQuery = NonNullable<operations["get_v1_generations"]["parameters"]["query"]>;

/** The filters live in the address (`/library?collection=col_…&favorite=true&q=…`). */
function readFilters(query: Record<string, string>): Filters {
  return {
    q: query.q ?? "",
    status: query.status ?? "",
    favorite: query.favorite === "true",
    collection: query.collection ?? "",
    model: query.model ?? "",
  };
}

function toAddress(filters: Filters): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) search.set(key, String(value));
  const text = search.toString();
  return text ? `/library?${text}` : "/library";
}

function toQuery(filters: Filters, cursor: string | null): ListQuery {
  const query: ListQuery = { limit: PAGE };
  if (cursor) query.cursor = cursor;
  if (filters.q) query.q = filters.q;
  if (filters.status) query.status = filters.status as Schemas["GenerationStatus"];
  if (filters.favorite) query.favorite = true;
  if (filters.collection) query.collection = filters.collection;
  if (filters.model) query.model = filters.model as Schemas["ImageModelId"];
  return query;
}

export default function Library() {
  const { query, route } = useLocation();
  const filters = readFilters(query);
  const key = toAddress(filters);
  const [items, setItems] = useState<Generation[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [collections, setCollections] = useState<Collection[]>([]);
  const [open, setOpen] = useState<Collection | null>(null);
  const shown = useRef(key); // the list on screen is this address's: older answers are dropped
  shown.current = key;

  const load = async (from: string | null) => {
    setBusy(true);
    try {
      const page = await ok(api.GET("/v1/generations", { params: { query: toQuery(filters, from) } }));
      if (shown.current !== key) return;
      setItems((list) => (from ? [...list, ...page.data] : page.data));
      setCursor(page.next_cursor ?? null);
      setLoaded(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => void load(null), [key]);
  const reloadCollections = () => listCollections().then(setCollections, setError);
  useEffect(() => void reloadCollections(), []);
  useEffect(() => {
    setOpen(null);
    let live = true;
    if (filters.collection) getCollection(filters.collection).then((c) => live && setOpen(c), setError);
    return () => void (live = false);
  }, [filters.collection]);
  const renamed = (c: Collection) => {
    setOpen(c);
    setCollections((list) => list.map((item) => (item.id === c.id ? c : item)));
  };
  const replace = (g: Generation) => setItems((list) => list.map((item) => (item.id === g.id ? g : item)));
  useLiveLibrary({
    items,
    refreshOne: async (id) => {
      const asked = key;
      const fresh = await getGeneration(id);
      if (shown.current === asked) replace(fresh);
    },
    refreshTop: async () => {
      const asked = key;
      const page = await ok(api.GET("/v1/generations", { params: { query: toQuery(filters, null) } }));
      if (shown.current !== asked || !loaded) return;
      setItems((list) => {
        const fresh = new Map(page.data.map((g) => [g.id, g]));
        const known = new Set(list.map((g) => g.id));
        const added = page.data.filter((g) => !known.has(g.id));
        return [...added, ...list.map((g) => fresh.get(g.id) ?? g)];
      });
    },
  });
  const filtered = key !== "/library";
  return (
    <section class="page">
      <div class="toolbar">
        <h1>Library</h1>
        <a class="button primary" href="/">
          New image
        </a>
      </div>
      <ProblemAlert error={error} />
      {!filters.collection && <CollectionList collections={collections} />}
      {open && (
        <CollectionHeader
          key={open.id}
          collection={open}
          onRenamed={renamed}
          onDeleted={() => {
            void reloadCollections();
            route("/library");
          }}
          onError={setError}
        />
      )}
      <LibraryFilters filters={filters} collections={collections} onChange={(next) => route(toAddress(next))} />
      {loaded && items.length === 0 && (
        <div class="card">
          <p>{filtered ? "No generations match." : "Nothing here yet. Your generations appear here, newest first."}</p>
        </div>
      )}
      <ul class="gallery" aria-label="Generations">
        {items.map((g) => <GenerationCard key={g.id} generation={g} onChange={replace} onError={setError} />)}
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

type CardProps = { generation: Generation; onChange: (g: Generation) => void; onError: (e: unknown) => void };

function GenerationCard({ generation: g, onChange, onError }: CardProps) {
  const image = g.images[0];
  const thumb = image?.thumbnail_url ?? image?.url;
  return (
    <li class="card tile">
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
      <div class="meta tile-actions">
        <FavoriteButton generation={g} onChange={onChange} onError={onError} />
      </div>
    </li>
  );
}
