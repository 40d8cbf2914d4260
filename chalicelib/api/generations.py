"""Models, pricing, quotes and generations."""

from __future__ import annotations

from typing import Any

from chalicelib.api.routing import (
    PAGINATION_QUERY,
    Reply,
    RequestContext,
    Router,
    page_schema,
    paged,
)
from chalicelib.api.schema import Schema, obj
from chalicelib.clock import isoformat
from chalicelib.domain.idempotency import HEADER, request_hash
from chalicelib.domain.image_models import (
    BACKGROUNDS,
    MAX_PROMPT_CHARS,
    MODELS,
    MODERATION_LEVELS,
    OUTPUT_FORMATS,
    QUALITIES,
    describe_models,
)
from chalicelib.domain.pricing import price_table
from chalicelib.domain.statuses import GenerationStatus

router = Router(__name__, "generations")

STATUSES = [s.value for s in GenerationStatus]
PUBLIC_PARAMS = (
    "model",
    "size",
    "quality",
    "n",
    "background",
    "output_format",
    "output_compression",
    "moderation",
    "input_images",
    "mask",
)

GENERATION_REQUEST = obj(
    {
        "prompt": {"type": "string", "minLength": 1, "maxLength": MAX_PROMPT_CHARS},
        "model": {"type": "string", "enum": list(MODELS)},
        "size": {"type": "string", "maxLength": 16, "examples": ["1024x1024", "auto"]},
        "quality": {"type": "string", "enum": list(QUALITIES)},
        "n": {"type": "integer", "minimum": 1, "maximum": 10},
        "background": {"type": "string", "enum": list(BACKGROUNDS)},
        "output_format": {"type": "string", "enum": list(OUTPUT_FORMATS)},
        "output_compression": {"type": "integer", "minimum": 0, "maximum": 100},
        "moderation": {"type": "string", "enum": list(MODERATION_LEVELS)},
        "input_images": {
            "type": "array",
            "maxItems": 16,
            "items": {"type": "string", "pattern": "^upl_[0-9a-z]{26}$"},
        },
        "mask": {"type": "string", "pattern": "^upl_[0-9a-z]{26}$"},
    },
    ("prompt",),
)

IMAGE_SCHEMA: Schema = {
    "type": "object",
    "properties": {
        "index": {"type": "integer"},
        "url": {"type": "string"},
        "thumbnail_url": {"type": "string"},
        "width": {"type": "integer"},
        "height": {"type": "integer"},
        "format": {"type": "string"},
        "bytes": {"type": "integer"},
    },
}

GENERATION_SCHEMA: Schema = {
    "type": "object",
    "required": ["id", "status", "model", "prompt", "params", "created_at", "cost", "images"],
    "properties": {
        "id": {"type": "string", "examples": ["gen_01jd4x0000abcdefghjkmnpqrs"]},
        "status": {"type": "string", "enum": STATUSES},
        "model": {"type": "string"},
        "prompt": {"type": "string"},
        "params": {"type": "object"},
        "created_at": {"type": "string", "format": "date-time"},
        "started_at": {"type": ["string", "null"], "format": "date-time"},
        "completed_at": {"type": ["string", "null"], "format": "date-time"},
        "cost": {
            "type": "object",
            "properties": {
                "credits": {"type": "integer"},
                "state": {"type": "string", "enum": ["held", "captured", "released"]},
            },
        },
        "usage": {"type": "object"},
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "stage": {"type": "string"},
            },
        },
        "images": {"type": "array", "items": IMAGE_SCHEMA},
        "expires_at": {"type": "string", "format": "date-time"},
    },
}


def present_generation(task: Any, objects: Any | None = None) -> dict[str, Any]:
    """The API shape; image URLs are presigned when `objects` is given."""
    body: dict[str, Any] = {
        "id": task.generation_id,
        "status": task.status,
        "model": task.model,
        "prompt": task.prompt,
        "params": {k: task.params.get(k) for k in PUBLIC_PARAMS},
        "created_at": isoformat(task.created_at),
        "started_at": isoformat(task.started_at),
        "completed_at": isoformat(task.completed_at),
        "cost": {"credits": int(task.cost_credits), "state": task.cost_state},
        "images": [
            {
                "index": image["index"],
                "url": objects.presigned_get(image["key"]) if objects else None,
                "thumbnail_url": objects.presigned_get(image["thumbnail_key"]) if objects else None,
                "width": image["width"],
                "height": image["height"],
                "format": image["format"],
                "bytes": image["bytes"],
            }
            for image in task.images or []
        ],
        "expires_at": isoformat(task.expires_at),
    }
    if task.usage:
        body["usage"] = task.usage
    if task.error:
        body["error"] = task.error
    return body


@router.route(
    "/v1/models",
    "GET",
    summary="The image models and their capabilities",
    auth="none",
    response=obj({"data": {"type": "array", "items": {"type": "object"}}}),
)
def list_models(ctx: RequestContext) -> dict:
    return {"data": describe_models()}


@router.route(
    "/v1/pricing",
    "GET",
    summary="The price table in credits (per image, by model, size and quality)",
    auth="none",
    response={"type": "object", "examples": [price_table(1.5)]},
)
def pricing(ctx: RequestContext) -> dict:
    return price_table(ctx.settings.pricing_margin)


@router.route(
    "/v1/generations/quote",
    "POST",
    summary="What a generation would cost, in credits",
    body=GENERATION_REQUEST,
    response=obj(
        {"credits": {"type": "integer", "examples": [5]}, "breakdown": {"type": "object"}}
    ),
)
def quote(ctx: RequestContext) -> dict:
    _, priced = ctx.services.generations.quote(ctx.user, ctx.json)
    return {"credits": priced.credits, "breakdown": priced.breakdown}


@router.route(
    "/v1/generations",
    "POST",
    summary="Submit a generation (credits are held until it ends)",
    status=202,
    body=GENERATION_REQUEST,
    response=GENERATION_SCHEMA,
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
    submitted = ctx.services.generations.submit(
        ctx.user,
        ctx.json,
        ctx.header(HEADER),
        request_hash(ctx.request.method, ctx.spec.path, ctx.json),
        present_generation,
    )
    headers = {"Location": f"/v1/generations/{submitted.body['id']}"}
    if submitted.replayed:
        headers["Idempotent-Replayed"] = "true"
    return Reply(submitted.body, submitted.status, headers)


@router.route(
    "/v1/generations",
    "GET",
    summary="The user's generations, newest first",
    query={**PAGINATION_QUERY, "status": {"type": "string", "enum": STATUSES}},
    response=page_schema(GENERATION_SCHEMA),
)
def list_generations(ctx: RequestContext) -> dict:
    status = ctx.query("status")
    user_id, objects = ctx.user.user_id, ctx.services.objects
    return paged(
        ctx,
        lambda limit, cursor: ctx.services.generations.page(user_id, limit, cursor, status),
        lambda task: present_generation(task, objects),
    )


@router.route(
    "/v1/generations/{generation_id}",
    "GET",
    summary="A generation, with fresh presigned image URLs (valid 15 minutes)",
    response=GENERATION_SCHEMA,
    errors=("not_found",),
)
def get_generation(ctx: RequestContext, generation_id: str) -> dict:
    task = ctx.services.generations.get(ctx.user.user_id, generation_id)
    return present_generation(task, ctx.services.objects)


@router.route(
    "/v1/generations/{generation_id}/cancel",
    "POST",
    summary="Cancel a queued or running generation (its hold is released)",
    response=GENERATION_SCHEMA,
    errors=("not_found", "not_cancelable"),
)
def cancel_generation(ctx: RequestContext, generation_id: str) -> dict:
    task = ctx.services.generations.cancel(ctx.user.user_id, generation_id)
    return present_generation(task, ctx.services.objects)


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
