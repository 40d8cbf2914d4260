// Input images and masks go straight to the media bucket through the API's presigned
// POST (`POST /v1/uploads`), then the API sanitizes them; an upload is usable once it is
// `ready`.
import { api, ApiError, ok, type Schemas } from "./api/client";

export type Upload = Schemas["Upload"];
export const ACCEPTED = ["image/png", "image/jpeg", "image/webp", "image/heic"];
const WAIT_MS = 60_000;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function uploadImage(blob: Blob, purpose: "input" | "mask"): Promise<Upload> {
  const created = await ok(
    api.POST("/v1/uploads", { body: { content_type: blob.type, size: blob.size, purpose } }),
  );
  const form = new FormData();
  for (const [name, value] of Object.entries(created.fields)) form.append(name, String(value));
  form.append("file", blob);
  let sent: Response;
  try {
    sent = await fetch(created.url, { method: "POST", body: form });
  } catch {
    throw new ApiError(0, { detail: "The image could not be uploaded. Try again." }, null);
  }
  if (!sent.ok) throw new ApiError(sent.status, { detail: "The image upload was refused." }, null);
  const started = Date.now();
  for (let delay = 300; Date.now() - started < WAIT_MS; delay = Math.min(delay * 1.5, 2000)) {
    await sleep(delay);
    const upload = await ok(
      api.GET("/v1/uploads/{upload_id}", { params: { path: { upload_id: created.id } } }),
    );
    if (upload.status === "ready") return upload;
    if (upload.status === "rejected") {
      throw new ApiError(422, { detail: `The image was rejected: ${upload.reason ?? "not a valid image"}.` }, null);
    }
  }
  throw new ApiError(0, { detail: "The image is taking too long to process. Try again." }, null);
}
