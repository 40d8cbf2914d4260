"""The Pillow pipeline for uploads and outputs. Pillow (and pillow-heif for phone
photos) is imported inside the functions, never on the API's import path.

Uploads are decoded only in allowed formats, with a pixel cap checked before any
pixel is decoded (decompression bombs), orientation applied, and re-encoded from the
pixels alone so EXIF, GPS, XMP, comments and any trailing bytes are gone."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import Any

from chalicelib import png_writer

MAX_PIXELS = 50_000_000
THUMBNAIL_EDGE = 384
# Pillow format name -> (content type, the format we re-encode to)
ALLOWED_FORMATS = {
    "PNG": ("image/png", "PNG"),
    "JPEG": ("image/jpeg", "JPEG"),
    "WEBP": ("image/webp", "WEBP"),
    "HEIF": ("image/heic", "JPEG"),
}
CONTENT_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}


class Rejected(Exception):
    """The file is not an acceptable image; `reason` is a stable code."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Sanitized:
    body: bytes
    source_type: str  # the content type the file really had
    content_type: str
    extension: str
    width: int
    height: int


def _pil() -> Any:
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    return Image


def _open(data: bytes) -> Any:
    import pillow_heif

    pillow_heif.register_heif_opener()
    image_module = _pil()
    try:
        image = image_module.open(io.BytesIO(data), formats=list(ALLOWED_FORMATS))
    except image_module.DecompressionBombError as exc:
        raise Rejected("too_many_pixels") from exc
    except (image_module.UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise Rejected("not_an_allowed_image") from exc
    return image


def sanitize(data: bytes, purpose: str) -> Sanitized:
    """Decode, check, orient and re-encode an uploaded image, or raise Rejected."""
    from PIL import ImageOps

    image = _open(data)
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise Rejected("too_many_pixels")
    if purpose == "mask" and image.format != "PNG":
        raise Rejected("mask_not_png")
    source_type, target = ALLOWED_FORMATS[image.format]
    try:
        image.load()
        # Rotates the pixels only when the EXIF orientation asks for it (no copy otherwise).
        ImageOps.exif_transpose(image, in_place=True)
    except _pil().DecompressionBombError as exc:
        raise Rejected("too_many_pixels") from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise Rejected("truncated_or_corrupt") from exc
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if purpose == "mask" and not has_alpha:
        raise Rejected("mask_without_alpha")
    mode = "RGBA" if has_alpha and target != "JPEG" else "RGB"
    clean = image if image.mode == mode else image.convert(mode)
    # Only the pixels are written out: with info emptied, nothing of the original's
    # metadata (EXIF, GPS, XMP, ICC, comments, text chunks) can reach the encoder, and
    # PNGs go through a writer that emits IHDR, IDAT and IEND only.
    clean.info = {}
    out = io.BytesIO()
    if target == "JPEG":
        clean.save(out, "JPEG", quality=92)
    elif target == "WEBP":
        clean.save(out, "WEBP", quality=92, method=4)
    else:
        # zlib level 1 and no row filters: fast, a few percent larger than Pillow's.
        out.write(png_writer.encode_image(clean, level=1))
    return Sanitized(
        out.getvalue(),
        source_type,
        CONTENT_TYPES[target],
        EXTENSIONS[target],
        clean.width,
        clean.height,
    )


@dataclass(frozen=True)
class ImageInfo:
    width: int
    height: int
    format: str  # "png", "jpeg" or "webp"


def describe(data: bytes) -> ImageInfo:
    """Dimensions and format of a provider image (header only; bytes untouched)."""
    image = _open(data)
    return ImageInfo(image.width, image.height, str(image.format).lower())


def thumbnail(data: bytes) -> bytes:
    """A WebP thumbnail, at most THUMBNAIL_EDGE on its long edge."""
    image = _open(data)
    image.draft("RGB", (THUMBNAIL_EDGE, THUMBNAIL_EDGE))  # JPEG: decode at reduced scale
    image.thumbnail((THUMBNAIL_EDGE, THUMBNAIL_EDGE))
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.mode else "RGB")
    out = io.BytesIO()
    image.save(out, "WEBP", quality=80, method=4)
    return out.getvalue()


def preview_jpeg(data: bytes, edge: int = 512) -> bytes:
    """A small JPEG of an image (moderation input)."""
    image = _open(data)
    image.draft("RGB", (edge, edge))
    image.thumbnail((edge, edge))
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=85)
    return out.getvalue()


def coarse_preview(data: bytes, step: int, steps: int) -> bytes:
    """A PNG of the image at a coarser resolution, finer with each step (the local
    provider's stand-in for a model's partial images)."""
    image = _open(data).convert("RGB")
    edge = max(8, 16 * 2**step)
    small = image.resize((edge, max(1, edge * image.height // image.width)))
    out = io.BytesIO()
    small.resize(image.size).save(out, "PNG")
    return out.getvalue()


def render_local(
    prompt: str,
    width: int,
    height: int,
    output_format: str,
    transparent: bool,
    index: int,
    base: bytes | None = None,
) -> bytes:
    """A real image drawn from the prompt (the offline `local` provider): a gradient in
    colours derived from the prompt, the prompt's first words, and for edits the first
    input image underneath."""
    from PIL import ImageDraw

    image_module = _pil()
    digest = hashlib.sha256(f"{index}:{prompt}".encode()).digest()
    start, end = tuple(digest[0:3]), tuple(digest[3:6])
    gradient = image_module.linear_gradient("L").resize((width, height))
    canvas = image_module.composite(
        image_module.new("RGB", (width, height), start),
        image_module.new("RGB", (width, height), end),
        gradient,
    )
    if base is not None:
        source = _open(base).convert("RGB").resize((width, height))
        canvas = image_module.blend(canvas, source, 0.6)
    canvas = canvas.convert("RGBA")
    if transparent:
        canvas.putalpha(image_module.new("L", (width, height), 200))
    draw = ImageDraw.Draw(canvas)
    words = " ".join(prompt.split()[:12])
    draw.text((width // 20, height // 2), words, fill=(255, 255, 255, 255))
    out = io.BytesIO()
    if output_format == "jpeg":
        canvas.convert("RGB").save(out, "JPEG", quality=90)
    elif output_format == "webp":
        canvas.save(out, "WEBP", quality=90)
    else:
        canvas.save(out, "PNG")
    return out.getvalue()
