"""Models, pricing, quotes and generations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.api.models import lazy
from chalicelib.api.request_context import Reply, RequestContext
from chalicelib.api.routing import Router, paged
from chalicelib.domain.api_key_entities import GENERATIONS

# The generation parameters and their rules (and with them pydantic's `Field`, which they
# declare their constraints with) load with the first request that needs them.
if TYPE_CHECKING:
    from chalicelib.api.models import base, generations
    from chalicelib.domain.generation_entities import Generation as GenerationEntity
    from chalicelib.domain.image_models import GenerationParams
else:
    base, generations = lazy("base"), lazy("generations")

router = Router(__name__, "generations", GENERATIONS)


def _asked(body: Any) -> tuple[str, GenerationParams]:
    """The prompt and parameters a request asks for, its preset (if any) applied."""
    from chalicelib.domain.presets import preset

    if body.preset_id is None:
        return body.prompt, body.params()
    style = preset(body.preset_id)
    return style.wrap(body.prompt), body.params(style.params)


def _stored(generation: GenerationEntity) -> dict[str, Any]:
    """The submission's answer as the Idempotency-Key record keeps it (no image yet)."""
    return generations.Generation.from_entity(generation).dump()


@router.route(
    "/v1/models",
    "GET",
    summary="The image models and their capabilities",
    auth="none",
    response=lambda: base.list_of(generations.ImageModelInfo),
)
def list_models(ctx: RequestContext) -> base.ResponseModel:
    from chalicelib.domain.model_descriptions import describe_models

    return base.listed(
        generations.ImageModelInfo,
        [generations.ImageModelInfo.model_validate(m) for m in describe_models()],
    )


@router.route(
    "/v1/pricing",
    "GET",
    summary="The price table in credits (per image, by model, size and quality)",
    auth="none",
    response=lambda: generations.PriceTable,
)
def pricing(ctx: RequestContext) -> generations.PriceTable:
    from chalicelib.domain.pricing import price_table

    return generations.PriceTable.model_validate(price_table(ctx.settings.pricing_margin))


@router.route(
    "/v1/generations/quote",
    "POST",
    summary="What a generation would cost, in credits",
    body=lambda: generations.GenerationRequest,
    response=lambda: generations.QuoteResponse,
)
def quote(ctx: RequestContext) -> generations.QuoteResponse:
    prompt, params = _asked(ctx.body)
    priced = ctx.services.generations.quote(ctx.user, params, prompt)
    return generations.QuoteResponse.model_validate(priced, from_attributes=True)


@router.route(
    "/v1/generations",
    "POST",
    summary="Submit a generation (credits are held until it ends)",
    status=202,
    body=lambda: generations.GenerationRequest,
    response=lambda: generations.Generation,
    idempotent=True,
    errors=(
        "insufficient_credits",
        "email_unverified",
        "processing_restricted",
        "account_suspended",
        "rate_limited",
    ),
)
def create_generation(ctx: RequestContext) -> Reply:
    from chalicelib.domain.idempotency import HEADER, request_hash

    prompt, params = _asked(ctx.body)
    submitted = ctx.services.generations.submit(
        ctx.user,
        prompt,
        params,
        ctx.header(HEADER),
        request_hash(ctx.request.method, ctx.spec.path, ctx.json),
        _stored,
    )
    headers: dict[str, str | list[str]] = {"Location": f"/v1/generations/{submitted.body['id']}"}
    if submitted.replayed:
        headers["Idempotent-Replayed"] = "true"
    return Reply(submitted.body, submitted.status, headers)


@router.route(
    "/v1/generations",
    "GET",
    summary="The user's generations, newest first, with the library's filters",
    query=lambda: generations.GenerationsQuery,
    response=lambda: base.page_of(generations.Generation),
)
def list_generations(ctx: RequestContext) -> dict[str, Any]:
    query: generations.GenerationsQuery = ctx.params
    user_id, objects = ctx.user.user_id, ctx.services.objects
    return paged(
        ctx,
        lambda limit, cursor: ctx.services.generations.page(
            user_id, limit, cursor, query.filters()
        ),
        lambda generation: generations.Generation.from_entity(generation, objects),
    )


@router.route(
    "/v1/generations/{generation_id}",
    "GET",
    summary="A generation, with fresh presigned image URLs (valid 15 minutes)",
    response=lambda: generations.Generation,
    errors=("not_found",),
)
def get_generation(ctx: RequestContext, generation_id: str) -> generations.Generation:
    generation = ctx.services.generations.get(ctx.user.user_id, generation_id)
    return generations.Generation.from_entity(generation, ctx.services.objects)


@router.route(
    "/v1/generations/{generation_id}/cancel",
    "POST",
    summary="Cancel a queued or running generation (its hold is released)",
    response=lambda: generations.Generation,
    errors=("not_found", "not_cancelable"),
)
def cancel_generation(ctx: RequestContext, generation_id: str) -> generations.Generation:
    generation = ctx.services.generations.cancel(ctx.user.user_id, generation_id)
    return generations.Generation.from_entity(generation, ctx.services.objects)


@router.route(
    "/v1/generations/{generation_id}",
    "DELETE",
    summary="Delete a generation: its prompt, images (every version) and thumbnails",
    status=204,
    errors=("not_found",),
)
def delete_generation(ctx: RequestContext, generation_id: str) -> Reply:
    ctx.services.generations.delete(ctx.user.user_id, generation_id)
    return Reply(status=204)
