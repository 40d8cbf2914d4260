"""What the generation steps need from an image service (OpenAI's Images API or the
local renderer) and from a moderation service."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from chalicelib.adapters.image_providers import ImageRequest, ImageResult


class ImageProvider(Protocol):
    def create(self, request: ImageRequest) -> ImageResult: ...


class Moderation(Protocol):
    def flagged(self, prompt: str, images: list[bytes]) -> bool: ...
