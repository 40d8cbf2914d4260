import { useEffect, useState } from "preact/hooks";
import { createCollection, listCollections, setInCollection, type Collection } from "../library";
import { Notice, ProblemAlert } from "./ProblemAlert";

const NEW = "new";

/** Every succeeded generation of a run into one collection, existing or new. */
export function RunCollection({ generationIds, disabled }: { generationIds: string[]; disabled: boolean }) {
  const [collections, setCollections] = useState<Collection[]>([]);
  const [choice, setChoice] = useState(NEW);
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ collection: Collection; count: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => void listCollections().then(setCollections, setError), []);
  const chosen = collections.some((c) => c.id === choice) ? choice : NEW;

  const add = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const target = chosen === NEW ? await createCollection(name.trim()) : collections.find((c) => c.id === chosen)!;
      for (const id of generationIds) await setInCollection(target.id, id, true);
      setCollections(await listCollections());
      setChoice(target.id);
      setName("");
      setDone({ collection: target, count: generationIds.length });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card gap-top" onSubmit={add} aria-labelledby="run-collection-heading">
      <h2 id="run-collection-heading">Keep the results</h2>
      <p class="muted">
        {generationIds.length} succeeded {generationIds.length === 1 ? "generation" : "generations"}
      </p>
      <div class="row">
        {collections.length > 0 && (
          <div class="field">
            <label for="run-collection">Collection</label>
            <select id="run-collection" value={chosen} onChange={(e) => setChoice(e.currentTarget.value)}>
              {collections.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
              <option value={NEW}>New collection</option>
            </select>
          </div>
        )}
        {chosen === NEW && (
          <div class="field">
            <label for="run-new-collection">New collection name</label>
            <input id="run-new-collection" value={name} maxLength={100} onInput={(e) => setName(e.currentTarget.value)} />
          </div>
        )}
      </div>
      <button type="submit" disabled={busy || disabled || !generationIds.length || (chosen === NEW && !name.trim())}>
        Add results to collection
      </button>
      <ProblemAlert error={error} />
      {done && (
        <Notice>
          Added {done.count} to <a href={`/library?collection=${encodeURIComponent(done.collection.id)}`}>{done.collection.name}</a>.
        </Notice>
      )}
    </form>
  );
}
