import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { api, ok, type Generation } from "../api/client";
import { CollectionPicker } from "../components/CollectionPicker";
import { FavoriteButton } from "../components/FavoriteButton";
import { Notice, ProblemAlert } from "../components/ProblemAlert";
import { ACTIVE, credits, formatDate, statusLabel } from "../format";
import { follow, getGeneration } from "../generations";

export default function LibraryItem() {
  const { params } = useRoute();
  const { route } = useLocation();
  const [generation, setGeneration] = useState<Generation | null>(null);
  const [error, setError] = useState<unknown>(null);
  const alive = useRef(true);
  useEffect(() => () => void (alive.current = false), []);

  useEffect(() => {
    getGeneration(params.id).then(async (g) => {
      setGeneration(g);
      if (ACTIVE.has(g.status)) await follow(g, (next) => alive.current && setGeneration(next), () => !alive.current);
    }).catch(setError);
  }, [params.id]);

  const remove = async () => {
    try {
      await ok(api.DELETE("/v1/generations/{generation_id}", { params: { path: { generation_id: params.id } } }));
      route("/library");
    } catch (e) {
      setError(e);
    }
  };

  if (!generation) {
    return (
      <section class="page">
        <p>
          <a href="/library">← Library</a>
        </p>
        {error ? <ProblemAlert error={error} /> : <p class="loading" role="status">Loading…</p>}
      </section>
    );
  }
  const image = generation.images[0];
  return (
    <section class="page">
      <p>
        <a href="/library">← Library</a>
      </p>
      <div class="grid-2">
        <div class="card">
          {generation.images.map((img) =>
            img.url ? (
              <img key={img.index} class="detail-image" src={img.url} alt={generation.prompt} width={img.width} height={img.height} />
            ) : null,
          )}
          {!image && <p class="muted">No image{ACTIVE.has(generation.status) ? " yet" : ""}.</p>}
        </div>
        <div class="card">
          <h1>{generation.prompt}</h1>
          <p>
            <span class={`status status-${generation.status}`}>{statusLabel(generation.status)}</span>
          </p>
          {generation.error && <Notice>{generation.error.message}</Notice>}
          <table>
            <caption class="sr-only">Details</caption>
            <tbody>
              <tr><th scope="row">Model</th><td>{generation.model}</td></tr>
              <tr><th scope="row">Size</th><td>{image ? `${image.width}×${image.height}` : "—"}</td></tr>
              <tr><th scope="row">Cost</th><td>{credits(generation.cost.credits)} ({generation.cost.state})</td></tr>
              <tr><th scope="row">Created</th><td>{formatDate(generation.created_at)}</td></tr>
              <tr><th scope="row">Kept until</th><td>{formatDate(generation.expires_at)}</td></tr>
            </tbody>
          </table>
          <div class="actions">
            <FavoriteButton generation={generation} onChange={setGeneration} onError={setError} />
            {image?.url && (
              <a class="button primary" href={image.url} download>
                Download
              </a>
            )}
            {image && (
              <button onClick={() => route(`/?input=${encodeURIComponent(generation.id)}&index=${image.index}`)}>
                Use as input
              </button>
            )}
            <button class="danger" onClick={remove}>
              Delete
            </button>
          </div>
          <ProblemAlert error={error} />
          <CollectionPicker generation={generation} onChange={setGeneration} onError={setError} />
        </div>
      </div>
    </section>
  );
}
