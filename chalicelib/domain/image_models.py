"""The image models we offer, with their real capabilities, and the validation of a
generation request against them and against the user's plan. Everything here runs
before any credit moves: a bad request answers 422 with field errors."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from chalicelib.domain.catalogue import QUALITY_ORDER, Entitlements
from chalicelib.domain.json_types import JSONObject, JSONValue
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


UploadId = Annotated[str, Field(pattern=r"^upl_[0-9a-z]{26}$")]


@dataclass(frozen=True, slots=True)
class ImageRef:
    """One output image of one of the user's generations: a remix's input or mask (no
    upload again), a collection's cover, a remix's `parent`."""

    generation_id: Annotated[str, Field(pattern=r"^gen_[0-9a-z]{26}$")]
    index: Annotated[int, Field(ge=0, le=9)]


InputImage = UploadId | ImageRef


def _ref_of(value: JSONValue) -> str | ImageRef:
    if isinstance(value, ImageRef):
        return value
    if isinstance(value, dict):
        return ImageRef(str(value["generation_id"]), int(value["index"]))
    return str(value)


def _ref_json(value: str | ImageRef) -> str | dict[str, str | int]:
    if isinstance(value, ImageRef):
        return {"generation_id": value.generation_id, "index": value.index}
    return value


@dataclass(frozen=True, slots=True, kw_only=True)
class GenerationParams:
    """What a generation is asked to make, beside its prompt: the one declaration of the
    parameters. Each field's type carries its wire constraints (the API's request model
    is made from these fields), its default is what an absent field means, and
    `validate_params` checks the values against the model's capabilities and the plan."""

    model: ImageModelId = ImageModelId.gpt_image_2
    size: Annotated[str, Field(max_length=16, examples=["1024x1024", "auto"])] = "1024x1024"
    quality: Quality = Quality.auto
    n: Annotated[int, Field(ge=1, le=10)] = 1
    background: Background = Background.auto
    output_format: OutputFormat = OutputFormat.png
    output_compression: Annotated[int | None, Field(ge=0, le=100)] = None
    moderation: Moderation = Moderation.auto
    # An upload id, or {generation_id, index} of one of the user's outputs (a remix).
    input_images: Annotated[tuple[InputImage, ...], Field(max_length=16)] = ()
    mask: InputImage | None = None
    # Previews streamed while the model works (each billed as extra output tokens).
    partial_images: Annotated[int, Field(ge=0, le=3)] = 0

    def as_dict(self) -> JSONObject:
        """The JSON form a task stores and the API echoes."""
        return {
            "model": self.model.value,
            "size": self.size,
            "quality": self.quality.value,
            "n": self.n,
            "background": self.background.value,
            "output_format": self.output_format.value,
            "output_compression": self.output_compression,
            "moderation": self.moderation.value,
            "input_images": [_ref_json(i) for i in self.input_images],
            "mask": None if self.mask is None else _ref_json(self.mask),
            "partial_images": self.partial_images,
        }

    @classmethod
    def from_dict(cls, stored: Mapping[str, JSONValue]) -> GenerationParams:
        """The parameters in their JSON form; absent fields take their defaults."""
        given = {name: stored[name] for name in PARAM_NAMES if stored.get(name) is not None}
        params = cls()
        return cls(
            model=ImageModelId(given.get("model", params.model)),
            size=str(given.get("size", params.size)),
            quality=Quality(given.get("quality", params.quality)),
            n=int(given.get("n", params.n)),
            background=Background(given.get("background", params.background)),
            output_format=OutputFormat(given.get("output_format", params.output_format)),
            output_compression=given.get("output_compression"),
            moderation=Moderation(given.get("moderation", params.moderation)),
            input_images=tuple(_ref_of(i) for i in given.get("input_images", ())),
            mask=_ref_of(given["mask"]) if "mask" in given else None,
            partial_images=int(given.get("partial_images", 0)),
        )


PARAM_NAMES: tuple[str, ...] = tuple(f.name for f in fields(GenerationParams))


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


def _size_errors(model: ImageModel, size: str, plan: Entitlements) -> list[FieldError]:
    if size not in model.sizes:
        parsed = parse_size(size)
        if not model.flexible_sizes or parsed is None:
            return [FieldError("size", f"must be one of: {', '.join(model.sizes)}")]
        problem = flexible_size_problem(*parsed)
        if problem:
            return [FieldError("size", problem)]
    if pixels_of(size) > plan.max_pixels:
        return [FieldError("size", "is larger than your plan allows")]
    return []


def _quality_errors(model: ImageModel, quality: str, plan: Entitlements) -> list[FieldError]:
    if quality not in model.qualities:
        return [FieldError("quality", f"must be one of: {', '.join(model.qualities)}")]
    if _quality_rank(quality) > _quality_rank(plan.max_quality):
        return [FieldError("quality", f"your plan allows up to {plan.max_quality}")]
    return []


def _output_errors(model: ImageModel, params: GenerationParams) -> list[FieldError]:
    errors = []
    if not 1 <= params.n <= model.max_n:
        errors.append(FieldError("n", f"must be from 1 to {model.max_n}"))
    transparent = params.background == Background.transparent
    if transparent and not model.supports_transparent_background:
        errors.append(FieldError("background", f"{model.id} has no transparent background"))
    if transparent and params.output_format == OutputFormat.jpeg:
        errors.append(FieldError("output_format", "a transparent background needs png or webp"))
    if params.output_compression is not None and params.output_format == OutputFormat.png:
        errors.append(FieldError("output_compression", "applies to jpeg and webp only"))
    if params.partial_images and params.n != 1:
        errors.append(FieldError("partial_images", "previews stream for one image (n = 1)"))
    return errors


def _input_errors(model: ImageModel, params: GenerationParams) -> list[FieldError]:
    errors = []
    inputs = params.input_images
    if inputs and not model.supports_edit:
        errors.append(FieldError("input_images", f"{model.id} does not edit images"))
    if len(inputs) > model.max_input_images:
        errors.append(FieldError("input_images", f"at most {model.max_input_images} images"))
    if len(set(inputs)) != len(inputs):
        errors.append(FieldError("input_images", "must not repeat an upload"))
    if params.mask is not None and not inputs:
        errors.append(FieldError("mask", "needs at least one input image"))
    return errors


def validate_params(params: GenerationParams, plan: Entitlements) -> GenerationParams:
    """`params` if the model can make them and the plan allows them, else InvalidInput
    with every problem."""
    model = MODELS[params.model]
    errors = [
        *_size_errors(model, params.size, plan),
        *_quality_errors(model, params.quality, plan),
        *_output_errors(model, params),
        *_input_errors(model, params),
    ]
    if errors:
        raise InvalidInput(errors)
    return params
