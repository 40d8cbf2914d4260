"""What the generation steps need from an image service (OpenAI's Images API or the
local renderer) and from a moderation service, and what they exchange with it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from chalicelib.domain.image_models import GenerationParams
from chalicelib.domain.json_types import JSONObject


@dataclass(frozen=True, slots=True, kw_only=True)
class ImageRequest:
    """A generation's parameters as the provider is asked for them (the quality is the
    priced one), its prompt and input bytes."""

    params: GenerationParams
    prompt: str
    user: str  # a pseudonymous id, never the email
    inputs: list[bytes] = field(default_factory=list)
    mask: bytes | None = None
    # Told of each streamed preview (its index, its bytes) when params.partial_images > 0.
    on_partial: Callable[[int, bytes], None] | None = None


@dataclass(frozen=True, slots=True)
class ImageResult:
    images: list[bytes]
    usage: JSONObject


class ImageProvider(Protocol):
    def create(self, request: ImageRequest) -> ImageResult: ...


class Moderation(Protocol):
    def flagged(self, prompt: str, images: list[bytes]) -> bool: ...
