"""Image providers behind one interface: `openai` (the official SDK, imported lazily,
honouring OPENAI_BASE_URL) and `local` (Pillow draws a real image, for offline runs).
Provider failures become the workflow's typed errors."""

from __future__ import annotations

import base64
import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from chalicelib.domain.ports.images import ImageRequest, ImageResult
from chalicelib.domain.step_errors import (
    ModerationBlocked,
    ProviderRejected,
    ProviderThrottled,
    ProviderUnavailable,
)


@contextmanager
def openai_errors() -> Iterator[None]:
    """Map the SDK's exceptions to the workflow's error names."""
    import openai

    try:
        yield
    except openai.RateLimitError as exc:
        raise ProviderThrottled("rate limited") from exc
    except openai.APIConnectionError as exc:  # includes timeouts
        raise ProviderUnavailable(type(exc).__name__) from exc
    except openai.InternalServerError as exc:
        raise ProviderUnavailable(f"status {exc.status_code}") from exc
    except openai.APIStatusError as exc:
        if exc.code == "moderation_blocked":
            raise ModerationBlocked("output") from exc
        if exc.status_code in (408, 409) or exc.status_code >= 500:
            raise ProviderUnavailable(f"status {exc.status_code}") from exc
        raise ProviderRejected(f"status {exc.status_code} {exc.code or ''}".strip()) from exc
    except openai.APIResponseValidationError as exc:
        raise ProviderRejected("malformed response") from exc


def openai_client(api_key: str, base_url: str, timeout: float) -> Any:
    from openai import OpenAI

    # Retries belong to Step Functions (backoff with jitter), not to the SDK.
    return OpenAI(api_key=api_key, base_url=base_url or None, timeout=timeout, max_retries=0)


class OpenAIProvider:
    def __init__(self, client: Any) -> None:
        self._client = client

    def create(self, request: ImageRequest) -> ImageResult:
        params = request.params
        options: dict[str, Any] = {
            "model": params.model.value,
            "prompt": request.prompt,
            "size": params.size,
            "quality": params.quality.value,
            "n": params.n,
            "background": params.background.value,
            "output_format": params.output_format.value,
            "user": request.user,
        }
        if params.output_compression is not None:
            options["output_compression"] = params.output_compression
        if params.partial_images:
            options.update(stream=True, partial_images=params.partial_images)
        with openai_errors():
            if request.inputs:
                files = [(input_filename(i, data), data) for i, data in enumerate(request.inputs)]
                if request.mask is not None:
                    options["mask"] = ("mask.png", request.mask)
                response = self._client.images.edit(image=files, **options)
            else:
                response = self._client.images.generate(
                    moderation=params.moderation.value, **options
                )
            if params.partial_images:
                return streamed(response, request)
        return ImageResult(_decode(response, params.n), _usage(response))


def streamed(events: Any, request: ImageRequest) -> ImageResult:
    """The image of a stream (`stream=True`): each `*.partial_image` event to the
    request's sink as it arrives, then the `*.completed` event's image and usage. A
    stream that breaks or ends without its image is the provider being unavailable."""
    import httpx

    try:
        for event in events:
            kind = str(getattr(event, "type", ""))
            if kind.endswith(".partial_image") and request.on_partial is not None:
                request.on_partial(int(event.partial_image_index), _b64(event.b64_json))
            elif kind.endswith(".completed"):
                return ImageResult([_b64(event.b64_json)], _usage(event))
    except httpx.HTTPError as exc:  # the connection dropped mid-stream
        raise ProviderUnavailable(f"stream broken: {type(exc).__name__}") from exc
    raise ProviderUnavailable("stream ended before its image")


def _b64(encoded: Any) -> bytes:
    if not isinstance(encoded, str) or not encoded:
        raise ProviderRejected("malformed response: no image")
    try:
        return base64.b64decode(encoded, validate=True)
    except ValueError as exc:
        raise ProviderRejected("malformed response: bad base64") from exc


def input_filename(index: int, data: bytes) -> str:
    """A filename whose extension matches the bytes: the SDK derives the part's content
    type from it (sanitized inputs are PNG, JPEG or WebP)."""
    if data.startswith(b"\xff\xd8"):
        extension = "jpg"
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        extension = "webp"
    else:
        extension = "png"
    return f"input-{index}.{extension}"


def _decode(response: Any, expected: int) -> list[bytes]:
    data = getattr(response, "data", None) or []
    images = [_b64(getattr(item, "b64_json", None)) for item in data]
    if not images or len(images) > expected:
        raise ProviderRejected("malformed response: wrong number of images")
    return images


def _usage(response: Any) -> dict[str, Any]:
    usage = getattr(response, "usage", None)
    if usage is None:
        return {}
    dumped = usage.model_dump() if hasattr(usage, "model_dump") else dict(usage)
    return {k: v for k, v in dumped.items() if v is not None}


class LocalProvider:
    """Renders real images with Pillow from the prompt at the requested size and format."""

    def create(self, request: ImageRequest) -> ImageResult:
        from chalicelib import imaging
        from chalicelib.domain.image_models import Background
        from chalicelib.domain.pricing import output_tokens

        params = request.params
        size = "1024x1024" if params.size == "auto" else params.size
        width, _, height = size.partition("x")
        base = request.inputs[0] if request.inputs else None
        images = [
            imaging.render_local(
                request.prompt,
                int(width),
                int(height),
                params.output_format.value,
                params.background == Background.transparent,
                index,
                base,
            )
            for index in range(params.n)
        ]
        if request.on_partial is not None:
            for step in range(params.partial_images):
                request.on_partial(
                    step, imaging.coarse_preview(images[0], step, params.partial_images)
                )
        out_tokens = output_tokens(params.model, params.size, params.quality) * params.n
        in_tokens = math.ceil(len(request.prompt) / 4)
        return ImageResult(
            images,
            {
                "input_tokens": in_tokens,
                "output_tokens": out_tokens,
                "total_tokens": in_tokens + out_tokens,
            },
        )
