import { useEffect, useState } from "preact/hooks";
import type { Generation } from "../api/client";
import { ACTIVE, statusLabel } from "../format";
import { subscribe } from "../live";
import { Notice } from "./ProblemAlert";

type PartialPreview = { url: string; partialIndex: number };

/** The latest `generation.partial_image` pushed for this generation (a preview the model
 * streams before the final image), or null. */
function useLatestPartial(generationId: string | undefined): PartialPreview | null {
  const [partial, setPartial] = useState<PartialPreview | null>(null);
  useEffect(() => {
    setPartial(null);
    if (!generationId) return;
    return subscribe(generationId, ({ type, data }) => {
      if (type !== "generation.partial_image" || typeof data.url !== "string") return;
      const next = { url: data.url, partialIndex: Number(data.partial_index ?? 0) };
      setPartial((shown) => (shown && shown.partialIndex > next.partialIndex ? shown : next));
    });
  }, [generationId]);
  return partial;
}

/** How many partials were asked for, when the generation's parameters say. */
function partialsAsked(generation: Generation): number | null {
  const asked = (generation.params as Record<string, unknown>).partial_images;
  return typeof asked === "number" && asked > 0 ? asked : null;
}

/** The generation being made on the Create page: its status, a preview while the model
 * streams one, then each image when ready. */
export function GenerationResult({ generation }: { generation: Generation | null }) {
  const partial = useLatestPartial(generation?.id);
  if (!generation) {
    return (
      <div class="card">
        <h2>Your images</h2>
        <p class="muted">Write a prompt and press Generate. Images appear here when ready.</p>
      </div>
    );
  }
  const ready = generation.images.some((image) => image.url);
  const preview = partial && !ready && ACTIVE.has(generation.status) ? partial : null;
  const asked = partialsAsked(generation);
  const n = preview ? preview.partialIndex + 1 : 0;
  return (
    <div class="card" aria-live="polite">
      <div class="toolbar">
        <h2>Your images</h2>
        <span class={`status status-${generation.status}`}>{statusLabel(generation.status)}</span>
      </div>
      {generation.error && <Notice>{generation.error.message}</Notice>}
      {preview && (
        <figure class="partial">
          <img src={preview.url} alt={`Partial preview ${n}`} />
          <figcaption class="muted">{asked ? `Preview ${n} of ${asked}` : `Preview ${n}`}</figcaption>
        </figure>
      )}
      <div class="results">
        {generation.images.map((image) =>
          image.url ? (
            <a class="result" key={image.index} href={`/library/${generation.id}`}>
              <img src={image.url} alt={generation.prompt} width={image.width} height={image.height} />
            </a>
          ) : null,
        )}
      </div>
      {generation.status === "succeeded" && (
        <p>
          <a href={`/library/${generation.id}`}>Open in the library</a>
        </p>
      )}
    </div>
  );
}
