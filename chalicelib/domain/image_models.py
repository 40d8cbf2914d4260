"""The image models we offer, with their real capabilities, and the validation of a
generation request against them and against the user's plan. Everything here runs
before any credit moves: a bad request answers 422 with field errors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from chalicelib.domain.catalogue import QUALITY_ORDER, Entitlements
from chalicelib.errors import FieldError, InvalidInput


class ImageModelId(StrEnum):
    """The models we offer (MODELS below holds each one's capabilities)."""

    gpt_image_2 = "gpt-image-2"
    gpt_image_1_5 = "gpt-image-1.5"
    gpt_image_1_mini = "gpt-image-1-mini"


class Quality(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"
    auto = "auto"


class Background(StrEnum):
    auto = "auto"
    opaque = "opaque"
    transparent = "transparent"


class OutputFormat(StrEnum):
    png = "png"
    jpeg = "jpeg"
    webp = "webp"


class Moderation(StrEnum):
    auto = "auto"
    low = "low"


STANDARD_SIZES = ("1024x1024", "1536x1024", "1024x1536")
QUALITIES: tuple[str, ...] = tuple(Quality)
MAX_PROMPT_CHARS = 32_000
DEFAULT_MODEL: str = ImageModelId.gpt_image_2
_SIZE = re.compile(r"([1-9][0-9]{0,4})x([1-9][0-9]{0,4})")


@dataclass(frozen=True)
class ImageModel:
    id: str
    sizes: tuple[str, ...]  # "auto" and the fixed sizes; flexible models add a rule
    flexible_sizes: bool
    supports_transparent_background: bool
    supports_edit: bool = True
    max_n: int = 10
    max_input_images: int = 16
    qualities: tuple[str, ...] = QUALITIES
    size_rule: str = ""


# Capabilities from OpenAI's Images API reference and model pages (generate and edit,
# n 1-10, up to 16 input images, png/jpeg/webp output). gpt-image-2 takes any WxH
# within the rule below and has no transparent background.
MODELS: dict[str, ImageModel] = {
    m.id: m
    for m in (
        ImageModel(
            ImageModelId.gpt_image_2,
            ("auto", *STANDARD_SIZES, "2048x2048", "2048x1152", "3840x2160", "2160x3840"),
            flexible_sizes=True,
            supports_transparent_background=False,
            size_rule=(
                "auto, or WxH with both edges multiples of 16, long edge <= 3840, "
                "ratio <= 3:1, 655,360 to 8,294,400 pixels"
            ),
        ),
        ImageModel(
            ImageModelId.gpt_image_1_5,
            ("auto", *STANDARD_SIZES),
            flexible_sizes=False,
            supports_transparent_background=True,
        ),
        ImageModel(
            ImageModelId.gpt_image_1_mini,
            ("auto", *STANDARD_SIZES),
            flexible_sizes=False,
            supports_transparent_background=True,
        ),
    )
}


@dataclass(frozen=True)
class GenerationParams:
    model: str
    size: str
    quality: str
    n: int
    background: str
    output_format: str
    output_compression: int | None
    moderation: str
    input_images: tuple[str, ...]
    mask: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "size": self.size,
            "quality": self.quality,
            "n": self.n,
            "background": self.background,
            "output_format": self.output_format,
            "output_compression": self.output_compression,
            "moderation": self.moderation,
            "input_images": list(self.input_images),
            "mask": self.mask,
        }


def parse_size(size: str) -> tuple[int, int] | None:
    """(width, height) of "WxH" in ASCII digits without leading zeros, else None
    (str.isdigit() also takes superscript and fullwidth digits)."""
    match = _SIZE.fullmatch(size)
    if match is None:
        return None
    return int(match[1]), int(match[2])


def flexible_size_problem(width: int, height: int) -> str | None:
    if width % 16 or height % 16:
        return "both edges must be multiples of 16"
    if max(width, height) > 3840:
        return "the long edge must be at most 3840"
    if max(width, height) > 3 * min(width, height):
        return "the aspect ratio must be at most 3:1"
    if not 655_360 <= width * height <= 8_294_400:
        return "must have 655,360 to 8,294,400 pixels"
    return None


def pixels_of(size: str) -> int:
    """Pixels billed for a size; "auto" is billed as the largest standard size."""
    parsed = parse_size(size if size != "auto" else STANDARD_SIZES[1])
    assert parsed is not None
    return parsed[0] * parsed[1]


def _quality_rank(quality: str) -> int:
    return QUALITY_ORDER.index("medium" if quality == "auto" else quality)


def validate_params(body: dict[str, Any], plan: Entitlements) -> GenerationParams:
    """The request's parameters with defaults applied, or InvalidInput with every problem."""
    errors: list[FieldError] = []
    model_id = body.get("model", DEFAULT_MODEL)
    model = MODELS.get(model_id)
    if model is None:
        raise InvalidInput([FieldError("model", f"must be one of: {', '.join(MODELS)}")])
    size = body.get("size", "1024x1024")
    if size not in model.sizes:
        parsed = parse_size(size)
        if not model.flexible_sizes or parsed is None:
            errors.append(FieldError("size", f"must be one of: {', '.join(model.sizes)}"))
        else:
            problem = flexible_size_problem(*parsed)
            if problem:
                errors.append(FieldError("size", problem))
    if not errors and pixels_of(size) > plan.max_pixels:
        errors.append(FieldError("size", "is larger than your plan allows"))
    quality = body.get("quality", "auto")
    if quality not in model.qualities:
        errors.append(FieldError("quality", f"must be one of: {', '.join(model.qualities)}"))
    elif _quality_rank(quality) > _quality_rank(plan.max_quality):
        errors.append(FieldError("quality", f"your plan allows up to {plan.max_quality}"))
    n = body.get("n", 1)
    if not 1 <= n <= model.max_n:
        errors.append(FieldError("n", f"must be from 1 to {model.max_n}"))
    background = body.get("background", "auto")
    if background == "transparent" and not model.supports_transparent_background:
        errors.append(FieldError("background", f"{model.id} has no transparent background"))
    output_format = body.get("output_format", "png")
    if background == "transparent" and output_format == "jpeg":
        errors.append(FieldError("output_format", "a transparent background needs png or webp"))
    compression = body.get("output_compression")
    if compression is not None and output_format == "png":
        errors.append(FieldError("output_compression", "applies to jpeg and webp only"))
    inputs = tuple(body.get("input_images", ()))
    mask = body.get("mask")
    if inputs and not model.supports_edit:
        errors.append(FieldError("input_images", f"{model.id} does not edit images"))
    if len(inputs) > model.max_input_images:
        errors.append(FieldError("input_images", f"at most {model.max_input_images} images"))
    if len(set(inputs)) != len(inputs):
        errors.append(FieldError("input_images", "must not repeat an upload"))
    if mask is not None and not inputs:
        errors.append(FieldError("mask", "needs at least one input image"))
    if errors:
        raise InvalidInput(errors)
    return GenerationParams(
        model=model.id,
        size=size,
        quality=quality,
        n=n,
        background=background,
        output_format=output_format,
        output_compression=compression,
        moderation=body.get("moderation", "auto"),
        input_images=inputs,
        mask=mask,
    )


def describe_models() -> list[dict[str, Any]]:
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
