import { useEffect, useState } from "preact/hooks";
import { api, ok, type Schemas } from "../api/client";
import { STATUS_LABELS } from "../format";
import type { Collection } from "../library";

export type Filters = { q: string; status: string; favorite: boolean; collection: string; model: string };

type Props = { filters: Filters; collections: Collection[]; onChange: (next: Filters) => void };

/** Search the prompts and narrow the list; every change is one of the API's list filters. */
export function LibraryFilters({ filters, collections, onChange }: Props) {
  const [q, setQ] = useState(filters.q);
  const [models, setModels] = useState<Schemas["ImageModelInfo"][]>([]);
  useEffect(() => setQ(filters.q), [filters.q]);
  useEffect(() => {
    ok(api.GET("/v1/models")).then((answer) => setModels(answer.data), () => setModels([]));
  }, []);
  const set = (change: Partial<Filters>) => onChange({ ...filters, ...change });
  return (
    <form role="search" class="card filters" aria-label="Filter generations" onSubmit={(e) => { e.preventDefault(); set({ q: q.trim() }); }}>
      <div class="row">
        <div class="field">
          <label for="q">Search prompts</label>
          <input id="q" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="status">Status</label>
          <select id="status" value={filters.status} onChange={(e) => set({ status: e.currentTarget.value })}>
            <option value="">Any status</option>
            {Object.entries(STATUS_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="collection">Collection</label>
          <select id="collection" value={filters.collection} onChange={(e) => set({ collection: e.currentTarget.value })}>
            <option value="">All generations</option>
            {collections.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="model">Model</label>
          <select id="model" value={filters.model} onChange={(e) => set({ model: e.currentTarget.value })}>
            <option value="">Any model</option>
            {models.map((m) => <option key={m.id} value={m.id}>{m.id}</option>)}
          </select>
        </div>
      </div>
      <div class="actions flush">
        <div class="check">
          <input id="favorite" type="checkbox" checked={filters.favorite} onChange={(e) => set({ favorite: e.currentTarget.checked })} />
          <label for="favorite">Favorites only</label>
        </div>
        <button type="submit">Search</button>
      </div>
    </form>
  );
}
