import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { api, idempotencyKey, ok, type Generation, type Schemas } from "../api/client";
import { MaskPainter } from "../components/MaskPainter";
import { GenerationResult } from "../components/GenerationResult";
import { ProblemAlert } from "../components/ProblemAlert";
import { track } from "../consent";
import { ACTIVE, credits } from "../format";
import { follow, getGeneration } from "../generations";
import { useSession } from "../session";
import { ACCEPTED, uploadImage, type Upload } from "../uploads";

type ModelInfo = Schemas["ImageModelInfo"];
type ImageRef = Schemas["chalicelib__domain__image_models__ImageRef"];
/** An input: a fresh upload, or an output of one of the person's generations (a remix). */
type InputImage = { ref: string | ImageRef; preview: string; name: string; width: number; height: number };

function useQuote(body: Schemas["GenerationRequest"] | null) {
  const [quote, setQuote] = useState<number | null>(null);
  const key = JSON.stringify(body);
  useEffect(() => {
    if (!body) return;
    let live = true;
    const timer = setTimeout(() => {
      ok(api.POST("/v1/generations/quote", { body }))
        .then((answer) => live && setQuote(answer.credits))
        .catch(() => live && setQuote(null));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key]);
  return quote;
}

export default function Create() {
  const { refresh } = useSession();
  const { query, route } = useLocation();
  const [models, setModels] = useState<ModelInfo[]>([]);
  const [model, setModel] = useState("");
  const [size, setSize] = useState("");
  const [quality, setQuality] = useState("");
  const [n, setN] = useState("1");
  const [previews, setPreviews] = useState("0");
  const [prompt, setPrompt] = useState("");
  const [inputs, setInputs] = useState<InputImage[]>([]);
  const [uploading, setUploading] = useState(false);
  const [maskOpen, setMaskOpen] = useState(false);
  const [mask, setMask] = useState<Upload | null>(null);
  const [generation, setGeneration] = useState<Generation | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const alive = useRef(true);
  useEffect(() => () => void (alive.current = false), []);

  useEffect(() => {
    ok(api.GET("/v1/models")).then((answer) => {
      setModels(answer.data);
      const chosen = answer.data.find((m) => m.default) ?? answer.data[0];
      if (chosen) {
        setModel(chosen.id);
        setSize(chosen.sizes.includes("1024x1024") ? "1024x1024" : chosen.sizes[0]);
        setQuality(chosen.qualities.includes("auto") ? "auto" : chosen.qualities[0]);
      }
    }, setError);
  }, []);

  // "Use as input" from the library: that image becomes the first input, by reference
  // (`{generation_id, index}`), neither downloaded nor uploaded again.
  useEffect(() => {
    const source = query.input;
    if (!source) return;
    route("/", true);
    getGeneration(source)
      .then((from) => {
        const image = from.images[Number(query.index ?? 0)] ?? from.images[0];
        if (!image?.url) throw new Error("That image is not available any more.");
        const ref = { generation_id: from.id, index: image.index };
        const input = { ref, preview: image.url, name: from.prompt, width: image.width, height: image.height };
        if (!alive.current) return;
        setInputs((list) => [...list, input]);
        setPrompt((current) => current || from.prompt);
      })
      .catch((e) => alive.current && setError(e));
  }, [query.input]);

  const info = models.find((m) => m.id === model);
  const count = Math.max(1, Math.min(Number(n) || 1, info?.max_n ?? 10));
  const body = useMemo<Schemas["GenerationRequest"] | null>(() => {
    if (!model) return null;
    const request: Schemas["GenerationRequest"] = {
      prompt: prompt.trim() ? prompt : "image",
      model: model as Schemas["ImageModelId"],
      size,
      quality: quality as Schemas["Quality"],
      n: count,
    };
    if (inputs.length) request.input_images = inputs.map((i) => i.ref);
    if (mask) request.mask = mask.id;
    const partials = count === 1 ? Math.max(0, Math.min(Number(previews) || 0, 3)) : 0;
    if (partials) request.partial_images = partials;
    return request;
  }, [prompt, model, size, quality, count, inputs, mask, previews]);
  const quote = useQuote(body);

  const chooseModel = (id: string) => {
    const next = models.find((m) => m.id === id);
    setModel(id);
    if (next && !next.sizes.includes(size)) setSize(next.sizes[0]);
    if (next && !next.qualities.includes(quality)) setQuality(next.qualities[0]);
  };

  const addFiles = async (files: FileList | null) => {
    if (!files?.length) return;
    setError(null);
    setUploading(true);
    try {
      for (const file of Array.from(files)) {
        const upload = await uploadImage(file, "input");
        const size = { width: upload.width ?? 1024, height: upload.height ?? 1024 };
        setInputs((list) => [...list, { ref: upload.id, preview: URL.createObjectURL(file), name: file.name, ...size }]);
        track("feature_interaction", "input_image_added");
      }
    } catch (e) {
      setError(e);
    } finally {
      setUploading(false);
    }
  };

  const removeInput = (index: number) => {
    setInputs((list) => list.filter((_, i) => i !== index));
    if (index === 0) {
      setMask(null);
      setMaskOpen(false);
    }
  };

  const applyMask = async (blob: Blob | null) => {
    setMaskOpen(false);
    if (!blob) return setMask(null);
    setUploading(true);
    try {
      setMask(await uploadImage(blob, "mask"));
      track("feature_interaction", "mask_painted");
    } catch (e) {
      setError(e);
    } finally {
      setUploading(false);
    }
  };

  const generate = async (event: Event) => {
    event.preventDefault();
    if (!body) return;
    setBusy(true);
    setError(null);
    try {
      const created = await ok(
        api.POST("/v1/generations", {
          body: { ...body, prompt },
          params: { header: { "Idempotency-Key": idempotencyKey() } },
        }),
      );
      setGeneration(created);
      track("feature_interaction", "generate", { n: count });
      void refresh();
      await follow(created, (g) => alive.current && setGeneration(g), () => !alive.current);
      if (alive.current) void refresh();
    } catch (e) {
      if (alive.current) setError(e);
    } finally {
      if (alive.current) setBusy(false);
    }
  };

  const cancel = async () => {
    if (!generation) return;
    try {
      setGeneration(
        await ok(api.POST("/v1/generations/{generation_id}/cancel", { params: { path: { generation_id: generation.id } } })),
      );
      void refresh();
    } catch (e) {
      setError(e);
    }
  };

  const first = inputs[0];
  const active = generation && ACTIVE.has(generation.status);
  return (
    <section class="page">
      <h1>Create</h1>
      <div class="grid-2">
        <form class="card" onSubmit={generate} noValidate>
          <div class="field">
            <label for="prompt">Prompt</label>
            <textarea id="prompt" required maxLength={32000} value={prompt} onInput={(e) => setPrompt(e.currentTarget.value)} placeholder="A lighthouse at dawn, watercolor" />
          </div>
          <div class="row">
            <div class="field">
              <label for="model">Model</label>
              <select id="model" value={model} onChange={(e) => chooseModel(e.currentTarget.value)}>
                {models.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.id}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="size">Size</label>
              <select id="size" value={size} onChange={(e) => setSize(e.currentTarget.value)}>
                {(info?.sizes ?? []).map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="quality">Quality</label>
              <select id="quality" value={quality} onChange={(e) => setQuality(e.currentTarget.value)}>
                {(info?.qualities ?? []).map((q) => (
                  <option key={q} value={q}>
                    {q}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="n">Number of images</label>
              <input id="n" type="number" min={1} max={info?.max_n ?? 10} value={n} onInput={(e) => setN(e.currentTarget.value)} />
            </div>
            <div class="field">
              <label for="previews">Partial previews</label>
              <input id="previews" type="number" min={0} max={3} value={count === 1 ? previews : "0"} disabled={count !== 1} title="Previews stream for a single image" onInput={(e) => setPreviews(e.currentTarget.value)} />
            </div>
          </div>
          <div class="field">
            <label for="inputs">Add input images</label>
            <input id="inputs" type="file" accept={ACCEPTED.join(",")} multiple disabled={uploading} onChange={(e) => void addFiles(e.currentTarget.files)} />
            {inputs.length > 0 && (
              <ul class="inputs" aria-label="Input images">
                {inputs.map((input, index) => (
                  <li key={typeof input.ref === "string" ? input.ref : `${input.ref.generation_id}/${input.ref.index}`}>
                    <img src={input.preview} alt={`Input image ${index + 1}: ${input.name}`} />
                    <button type="button" onClick={() => removeInput(index)} aria-label={`Remove input image ${index + 1}`}>
                      Remove
                    </button>
                  </li>
                ))}
              </ul>
            )}
            {uploading && <p role="status" class="muted">Uploading…</p>}
          </div>
          <div class="actions">
            <button type="button" disabled={!first} onClick={() => setMaskOpen(!maskOpen)} aria-expanded={maskOpen}>
              Paint mask
            </button>
            {mask && <span class="muted" role="status">Mask applied to the first image.</span>}
          </div>
          {maskOpen && first && (
            <MaskPainter src={first.preview} width={first.width} height={first.height} onDone={(blob) => void applyMask(blob)} />
          )}
          <div class="toolbar gap-top">
            <p class="quote" aria-live="polite">
              {quote === null ? "…" : credits(quote)}
            </p>
            <div class="actions flush">
              {active && (
                <button type="button" class="danger" onClick={cancel}>
                  Cancel
                </button>
              )}
              <button class="primary" type="submit" disabled={busy || uploading || !prompt.trim()}>
                Generate
              </button>
            </div>
          </div>
          <ProblemAlert error={error} />
        </form>
        <GenerationResult generation={generation} />
      </div>
    </section>
  );
}
