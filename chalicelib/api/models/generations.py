"""Models, pricing, quotes, generations and uploads: /v1/models, /v1/pricing,
/v1/generations*, /v1/uploads*. The generation parameters are declared once, in the
domain (`GenerationParams`): the request model and the echo are made from its fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any, get_args, get_origin, get_type_hints

from pydantic import Field, create_model
from pydantic.fields import FieldInfo

from chalicelib.api.models.base import Pagination, QueryBool, RequestModel, ResponseModel, Time
from chalicelib.api.models.library import ImageRef
from chalicelib.domain.generation_entities import CostState
from chalicelib.domain.generation_entities import Generation as GenerationEntity
from chalicelib.domain.image_models import (
    MAX_PROMPT_CHARS,
    PARAM_NAMES,
    GenerationParams,
    ImageModelId,
)
from chalicelib.domain.library_entities import ListFilter, prompt_words
from chalicelib.domain.ports.objects import Objects
from chalicelib.domain.statuses import GenerationStatus
from chalicelib.domain.upload_entities import Upload as UploadEntity
from chalicelib.domain.upload_entities import UploadPurpose, UploadStatus
from chalicelib.domain.uploads import CONTENT_TYPES


def _optional(hint: Any) -> tuple[Any, FieldInfo]:
    """A parameter as a request may give it: absent (its default applies) or valid. A
    tuple is a JSON array (a list: the body is validated strictly, from Python)."""
    infos: list[FieldInfo] = []
    if get_origin(hint) is Annotated:
        hint, *metadata = get_args(hint)
        infos = [m for m in metadata if isinstance(m, FieldInfo)]
    if get_origin(hint) is tuple:
        (item, _) = get_args(hint)
        hint = list[item]  # type: ignore[valid-type]
    return hint | None, FieldInfo.merge_field_infos(*infos, default=None)


class _ParamsRequest(RequestModel):
    def params(self, defaults: Mapping[str, Any] | None = None) -> GenerationParams:
        """The domain's parameters: what was given, then `defaults` (a preset's, in
        their JSON form), the parameters' own defaults for the rest."""
        given: dict[str, Any] = dict(defaults or {})
        for name in PARAM_NAMES:
            value = getattr(self, name)
            if value is not None:
                given[name] = tuple(value) if isinstance(value, list) else value
        return GenerationParams.from_dict(given)


PRESET_DOC = (
    "A built-in style (GET /v1/presets): its template wraps the prompt, its params are defaults."
)
_HINTS = get_type_hints(GenerationParams, include_extras=True)
_OPTIONAL: dict[str, Any] = {name: _optional(_HINTS[name]) for name in PARAM_NAMES}
GenerationParameters = create_model(
    "GenerationParameters",
    __base__=_ParamsRequest,
    __doc__="""What a generation is asked to make, beside its prompt (the fields of the
    domain's `GenerationParams`). Absent fields take its defaults; `validate_params`
    checks them against the model's capabilities and the user's plan.""",
    **_OPTIONAL,
)
GenerationRequest = create_model(
    "GenerationRequest",
    __base__=GenerationParameters,
    prompt=(str, Field(min_length=1, max_length=MAX_PROMPT_CHARS)),
    preset_id=(
        str | None,
        Field(default=None, max_length=64, examples=["watercolor"], description=PRESET_DOC),
    ),
)
if TYPE_CHECKING:  # a model made at run time is no type to mypy
    EchoedParameters = ResponseModel
else:
    EchoedParameters = create_model(
        "EchoedParameters",
        __base__=ResponseModel,
        __doc__="The parameters a generation ran with (defaults applied).",
        **{name: (hint | None, ...) for name, hint in get_type_hints(GenerationParams).items()},
    )


class Image(ResponseModel):
    index: int
    url: str | None
    thumbnail_url: str | None
    width: int
    height: int
    format: str
    bytes: int


class PartialImage(ResponseModel):  # a preview streamed while running, deleted at the end
    partial_index: int
    url: str | None


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
    favorite: bool = False
    collection_ids: list[str] = []
    workflow_run_id: str | None = None
    parent: ImageRef | None = None
    partial_images: list[PartialImage] = []  # while running

    @classmethod
    def from_entity(
        cls, generation: GenerationEntity, objects: Objects | None = None
    ) -> Generation:
        """Image URLs are presigned when `objects` is given."""
        g = generation
        extra: dict[str, Any] = {}
        if g.usage:
            extra["usage"] = g.usage
        if g.error:
            error = g.error
            stage = {"stage": error.stage} if error.stage is not None else {}
            extra["error"] = GenerationError(code=error.code, message=error.message, **stage)
        if g.status == GenerationStatus.RUNNING:
            extra["partial_images"] = [
                PartialImage(partial_index=i, url=objects.presigned_get(k) if objects else None)
                for i, k in enumerate(g.partial_keys)
            ]
        return cls(
            id=g.generation_id,
            status=g.status,
            model=g.model.value,
            prompt=g.prompt,
            params=EchoedParameters.model_validate(g.params, from_attributes=True),
            created_at=g.created_at,
            started_at=g.started_at,
            completed_at=g.completed_at,
            cost=Cost(credits=g.cost_credits, state=g.cost_state),
            images=[
                Image(
                    index=image.index,
                    url=objects.presigned_get(image.key) if objects else None,
                    thumbnail_url=objects.presigned_get(image.thumbnail_key) if objects else None,
                    width=image.width,
                    height=image.height,
                    format=image.format,
                    bytes=image.bytes,
                )
                for image in g.images
            ],
            expires_at=g.expires_at,
            favorite=g.favorite,
            collection_ids=list(g.collection_ids),
            workflow_run_id=g.workflow_run_id,
            parent=ImageRef.of(g.parent),
            **extra,
        )


class GenerationsQuery(Pagination):
    status: GenerationStatus | None = None
    favorite: QueryBool | None = None
    collection: str | None = Field(None, max_length=64)
    model: ImageModelId | None = None
    q: str | None = Field(None, max_length=1000)

    def filters(self) -> ListFilter:
        return ListFilter(
            status=self.status,
            favorite=self.favorite,
            collection_id=self.collection,
            model=self.model,
            words=prompt_words(self.q or ""),
        )


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
    partial_image_tokens: int  # 100 per streamed preview
    provider_cost_usd: float
    margin: float
    usd_per_credit: float


class QuoteResponse(ResponseModel):
    credits: int = Field(examples=[5])
    breakdown: QuoteBreakdown


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
    def from_entity(cls, upload: UploadEntity) -> Upload:
        extra = {"reason": upload.reason} if upload.reason else {}
        return cls(
            id=upload.upload_id,
            status=upload.status,
            purpose=upload.purpose,
            width=upload.width,
            height=upload.height,
            content_type=upload.content_type,
            expires_at=upload.expires_at,
            **extra,
        )
