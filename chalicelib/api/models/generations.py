"""Models, pricing, quotes, generations and uploads: /v1/models, /v1/pricing,
/v1/generations*, /v1/uploads*. The generation parameters are declared once here
(`GenerationParameters`): the request validates them, the response echoes them."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field

from chalicelib.api.models.base import Pagination, RequestModel, ResponseModel, Time
from chalicelib.domain.image_models import (
    MAX_PROMPT_CHARS,
    Background,
    ImageModelId,
    Moderation,
    OutputFormat,
    Quality,
)
from chalicelib.domain.statuses import GenerationStatus
from chalicelib.domain.uploads import CONTENT_TYPES


class CostState(StrEnum):
    held = "held"
    captured = "captured"
    released = "released"


UploadId = Annotated[str, Field(pattern=r"^upl_[0-9a-z]{26}$")]


class GenerationParameters(RequestModel):
    """What a generation is asked to make, beside its prompt. Absent fields take the
    defaults of `domain.image_models.validate_params`, which checks them against the
    model's capabilities and the user's plan."""

    model: ImageModelId | None = None
    size: str | None = Field(None, max_length=16, examples=["1024x1024", "auto"])
    quality: Quality | None = None
    n: int | None = Field(None, ge=1, le=10)
    background: Background | None = None
    output_format: OutputFormat | None = None
    output_compression: int | None = Field(None, ge=0, le=100)
    moderation: Moderation | None = None
    input_images: list[UploadId] | None = Field(None, max_length=16)
    mask: UploadId | None = None


class GenerationRequest(GenerationParameters):
    prompt: str = Field(min_length=1, max_length=MAX_PROMPT_CHARS)


PUBLIC_PARAMS = tuple(GenerationParameters.model_fields)


class EchoedParameters(ResponseModel):
    """The parameters a generation ran with (defaults applied)."""

    model: ImageModelId | None
    size: str | None
    quality: Quality | None
    n: int | None
    background: Background | None
    output_format: OutputFormat | None
    output_compression: int | None
    moderation: Moderation | None
    input_images: list[str] | None
    mask: str | None


class Image(ResponseModel):
    index: int
    url: str | None
    thumbnail_url: str | None
    width: int
    height: int
    format: str
    bytes: int


class Cost(ResponseModel):
    credits: int
    state: CostState


class GenerationError(ResponseModel):
    code: str
    message: str
    stage: str | None = None


UsageValue = int | float | str | None
Usage = dict[str, UsageValue | dict[str, UsageValue]]


class Generation(ResponseModel):
    id: str = Field(examples=["gen_01jd4x0000abcdefghjkmnpqrs"])
    status: GenerationStatus
    model: str
    prompt: str
    params: EchoedParameters
    created_at: Time
    started_at: Time | None
    completed_at: Time | None
    cost: Cost
    usage: Usage | None = None
    error: GenerationError | None = None
    images: list[Image]
    expires_at: Time | None

    @classmethod
    def of(cls, task: Any, objects: Any | None = None) -> Generation:
        """Image URLs are presigned when `objects` is given."""
        extra: dict[str, Any] = {}
        if task.usage:
            extra["usage"] = task.usage
        if task.error:
            extra["error"] = task.error
        return cls(
            id=task.generation_id,
            status=task.status,
            model=task.model,
            prompt=task.prompt,
            params=EchoedParameters(**{k: task.params.get(k) for k in PUBLIC_PARAMS}),
            created_at=task.created_at,
            started_at=task.started_at,
            completed_at=task.completed_at,
            cost=Cost(credits=int(task.cost_credits), state=task.cost_state),
            images=[
                Image(
                    index=image["index"],
                    url=objects.presigned_get(image["key"]) if objects else None,
                    thumbnail_url=(
                        objects.presigned_get(image["thumbnail_key"]) if objects else None
                    ),
                    width=image["width"],
                    height=image["height"],
                    format=image["format"],
                    bytes=image["bytes"],
                )
                for image in task.images or []
            ],
            expires_at=task.expires_at,
            **extra,
        )


class GenerationsQuery(Pagination):
    status: GenerationStatus | None = None


class ImageModelInfo(ResponseModel):
    id: str
    default: bool
    sizes: list[str]
    flexible_sizes: bool
    size_rule: str | None
    qualities: list[str]
    max_n: int
    max_input_images: int
    supports_edit: bool
    supports_transparent_background: bool


class TokenPrices(ResponseModel):
    text_input: float
    image_input: float
    image_output: float


class ImagePrice(ResponseModel):
    size: str
    quality: str
    output_tokens: int
    credits: int


class ModelPrices(ResponseModel):
    model: str
    token_prices_usd_per_million: TokenPrices
    per_image: list[ImagePrice]


class PriceTable(ResponseModel):
    currency: str
    usd_per_credit: float
    margin: float
    input_image_tokens: int
    data: list[ModelPrices]


class QuoteBreakdown(ResponseModel):
    model: str
    size: str
    quality: str
    n: int
    output_tokens_per_image: int
    text_input_tokens: int
    image_input_tokens: int
    provider_cost_usd: float
    margin: float
    usd_per_credit: float


class QuoteResponse(ResponseModel):
    credits: int = Field(examples=[5])
    breakdown: QuoteBreakdown


class UploadPurpose(StrEnum):
    input = "input"
    mask = "mask"


class UploadStatus(StrEnum):
    pending = "pending"
    ready = "ready"
    rejected = "rejected"


class UploadRequest(RequestModel):
    content_type: str = Field(min_length=1, max_length=100, examples=list(CONTENT_TYPES))
    size: int = Field(ge=1)
    purpose: UploadPurpose


class UploadCreated(ResponseModel):
    id: str
    url: str
    fields: dict[str, str]
    expires_at: Time


class Upload(ResponseModel):
    id: str = Field(examples=["upl_01jd4x0000abcdefghjkmnpqrs"])
    status: UploadStatus
    purpose: UploadPurpose
    width: int | None
    height: int | None
    content_type: str
    reason: str | None = None
    expires_at: Time

    @classmethod
    def of(cls, upload: Any) -> Upload:
        extra = {"reason": upload.reason} if upload.reason else {}
        return cls(
            id=upload.upload_id,
            status=upload.status,
            purpose=upload.purpose,
            width=int(upload.width) if upload.width is not None else None,
            height=int(upload.height) if upload.height is not None else None,
            content_type=upload.content_type,
            expires_at=upload.expires_at,
            **extra,
        )
