import { useState } from "preact/hooks";
import type { Generation } from "../api/client";
import { setFavorite } from "../library";

type Props = { generation: Generation; onChange: (g: Generation) => void; onError: (e: unknown) => void };

/** The "Favorite" toggle: pressed while the generation is a favorite. */
export function FavoriteButton({ generation, onChange, onError }: Props) {
  const [busy, setBusy] = useState(false);
  const toggle = async () => {
    setBusy(true);
    try {
      await setFavorite(generation.id, !generation.favorite);
      onChange({ ...generation, favorite: !generation.favorite });
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" class="favorite" aria-pressed={generation.favorite} disabled={busy} onClick={() => void toggle()}>
      <span aria-hidden="true">{generation.favorite ? "★" : "☆"}</span> Favorite
    </button>
  );
}
