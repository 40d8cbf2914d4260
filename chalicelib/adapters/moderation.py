"""Input moderation: the OpenAI moderation endpoint for prompts and input images when
the provider is OpenAI, else a local check so `make run` works offline."""

from __future__ import annotations

import base64
from typing import Any

from chalicelib.adapters.image_providers import openai_errors

MODERATION_MODEL = "omni-moderation-latest"
# The local check refuses prompts with this marker, so the blocked path can be tried
# offline (there is no real classifier without the network).
LOCAL_BLOCK_MARKER = "[moderation-test-block]"


class OpenAIModeration:
    def __init__(self, client: Any) -> None:
        self._client = client

    def flagged(self, prompt: str, images: list[bytes]) -> bool:
        parts: list[dict[str, Any]] = [{"type": "text", "text": prompt}]
        for image in images:
            url = "data:image/jpeg;base64," + base64.b64encode(image).decode()
            parts.append({"type": "image_url", "image_url": {"url": url}})
        with openai_errors():
            response = self._client.moderations.create(model=MODERATION_MODEL, input=parts)
        return any(result.flagged for result in response.results)


class LocalModeration:
    def flagged(self, prompt: str, images: list[bytes]) -> bool:
        return LOCAL_BLOCK_MARKER in prompt.lower()
