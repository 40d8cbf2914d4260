import { useEffect, useState } from "preact/hooks";
import type { Generation } from "../api/client";
import { createCollection, listCollections, setInCollection, type Collection } from "../library";

const NEW = "new";
type Props = { generation: Generation; onChange: (g: Generation) => void; onError: (e: unknown) => void };

/** The collections a generation is in: add it to one (existing or new by name), remove it. */
export function CollectionPicker({ generation, onChange, onError }: Props) {
  const [collections, setCollections] = useState<Collection[]>([]);
  const [choice, setChoice] = useState(NEW);
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  useEffect(() => void listCollections().then(setCollections, onError), []);

  const inside = collections.filter((c) => generation.collection_ids.includes(c.id));
  const others = collections.filter((c) => !generation.collection_ids.includes(c.id));
  const chosen = others.some((c) => c.id === choice) ? choice : NEW;

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  const add = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const target = chosen === NEW ? await createCollection(name.trim()) : others.find((c) => c.id === chosen)!;
      await setInCollection(target.id, generation.id, true);
      setCollections(await listCollections());
      setName("");
      onChange({ ...generation, collection_ids: [...generation.collection_ids, target.id] });
    });
  };
  const remove = (collection: Collection) => void run(async () => {
    await setInCollection(collection.id, generation.id, false);
    onChange({ ...generation, collection_ids: generation.collection_ids.filter((id) => id !== collection.id) });
  });

  return (
    <section class="collection-picker" aria-labelledby="in-collections">
      <h2 id="in-collections">Collections</h2>
      {inside.length > 0 ? (
        <ul class="list" aria-label="In collections">
          {inside.map((c) => (
            <li key={c.id}>
              <a href={`/library?collection=${encodeURIComponent(c.id)}`}>{c.name}</a>{" "}
              <button type="button" disabled={busy} onClick={() => remove(c)}>Remove from {c.name}</button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">In no collection.</p>
      )}
      <form onSubmit={add}>
        <div class="row">
          {others.length > 0 && (
            <div class="field">
              <label for="add-to">Collection</label>
              <select id="add-to" value={chosen} onChange={(e) => setChoice(e.currentTarget.value)}>
                {others.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
                <option value={NEW}>New collection</option>
              </select>
            </div>
          )}
          {chosen === NEW && (
            <div class="field">
              <label for="new-collection">New collection name</label>
              <input id="new-collection" value={name} maxLength={100} onInput={(e) => setName(e.currentTarget.value)} />
            </div>
          )}
        </div>
        <button type="submit" disabled={busy || (chosen === NEW && !name.trim())}>Add to collection</button>
      </form>
    </section>
  );
}
