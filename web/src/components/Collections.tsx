import { useState } from "preact/hooks";
import { deleteCollection, thumbnailLink, renameCollection, type Collection } from "../library";

const items = (n: number) => `${n} ${n === 1 ? "item" : "items"}`;

/** The person's collections: name, item count and cover; each opens its generations. */
export function CollectionList({ collections }: { collections: Collection[] }) {
  if (!collections.length) return null;
  return (
    <section aria-labelledby="collections-heading">
      <h2 id="collections-heading">Collections</h2>
      <ul class="gallery collections" aria-label="Collections">
        {collections.map((c) => (
          <li class="card tile" key={c.id}>
            <a href={`/library?collection=${encodeURIComponent(c.id)}`}>
              <div class="thumb">
                {c.cover ? <img src={thumbnailLink(c.cover)} alt="" loading="lazy" width={256} height={256} /> : <span aria-hidden="true">Empty</span>}
              </div>
              <div class="meta">
                <p class="prompt">{c.name}</p>
                <span class="muted">{items(c.item_count)}</span>
              </div>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

type HeaderProps = {
  collection: Collection;
  onRenamed: (c: Collection) => void;
  onDeleted: () => void;
  onError: (e: unknown) => void;
};

/** The open collection: its name, rename and delete (its generations stay). */
export function CollectionHeader({ collection, onRenamed, onDeleted, onError }: HeaderProps) {
  const [name, setName] = useState(collection.name);
  const [busy, setBusy] = useState(false);
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
  const rename = (event: Event) => {
    event.preventDefault();
    void run(async () => onRenamed(await renameCollection(collection.id, name.trim())));
  };
  const remove = () => void run(async () => {
    await deleteCollection(collection.id);
    onDeleted();
  });
  return (
    <div class="card collection-header">
      <h2>{collection.name}</h2>
      <p class="muted">{items(collection.item_count)}</p>
      <form class="actions flush" onSubmit={rename}>
        <label for="collection-name">Collection name</label>
        <input id="collection-name" value={name} required maxLength={100} onInput={(e) => setName(e.currentTarget.value)} />
        <button type="submit" disabled={busy || !name.trim() || name.trim() === collection.name}>Rename</button>
        <button type="button" class="danger" disabled={busy} onClick={remove}>Delete collection</button>
      </form>
    </div>
  );
}
