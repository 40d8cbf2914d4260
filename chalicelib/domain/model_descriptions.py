"""The models as `GET /v1/models` describes them."""

from __future__ import annotations

from chalicelib.domain.image_models import DEFAULT_MODEL, MODELS


def describe_models() -> list[dict[str, object]]:
    return [
        {
            "id": m.id,
            "default": m.id == DEFAULT_MODEL,
            "sizes": list(m.sizes),
            "flexible_sizes": m.flexible_sizes,
            "size_rule": m.size_rule or None,
            "qualities": list(m.qualities),
            "max_n": m.max_n,
            "max_input_images": m.max_input_images,
            "supports_edit": m.supports_edit,
            "supports_transparent_background": m.supports_transparent_background,
        }
        for m in MODELS.values()
    ]
