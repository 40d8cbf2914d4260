import type { Generation } from "../api/client";
import { statusLabel } from "../format";
import { Notice } from "./ProblemAlert";

/** The generation being made on the Create page: its status, then each image when ready. */
export function GenerationResult({ generation }: { generation: Generation | null }) {
  if (!generation) {
    return (
      <div class="card">
        <h2>Your images</h2>
        <p class="muted">Write a prompt and press Generate. Images appear here when ready.</p>
      </div>
    );
  }
  return (
    <div class="card" aria-live="polite">
      <div class="toolbar">
        <h2>Your images</h2>
        <span class={`status status-${generation.status}`}>{statusLabel(generation.status)}</span>
      </div>
      {generation.error && <Notice>{generation.error.message}</Notice>}
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
