"""Privacy requests: /v1/privacy/requests (export, deletion, restriction, lift)."""

from __future__ import annotations

from typing import Any

from chalicelib.api.idempotency import idempotent
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
from chalicelib.privacy.request_types import RequestType
from chalicelib.services import Services

router = Router(__name__, "privacy")

TIME = {"type": ["string", "null"], "format": "date-time"}
REQUEST_SCHEMA: Schema = {
    "type": "object",
    "required": ["id", "type", "status", "created_at", "due_at", "completed_at"],
    "properties": {
        "id": {"type": "string", "examples": ["prq_01jd4x0000abcdefghjkmnpqrs"]},
        "type": {
            "type": "string",
            "enum": [t.value for t in RequestType],
        },
        "status": {
            "type": "string",
            "enum": ["pending", "in_progress", "completed", "canceled", "failed"],
        },
        "created_at": TIME,
        "due_at": TIME,
        "completed_at": TIME,
        "scheduled_for": TIME,
        "download_url": {"type": "string"},
        "expires_at": TIME,
    },
}


def present_request(request: Any, services: Services) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": request.request_id,
        "type": request.type,
        "status": request.status,
        "created_at": isoformat(request.created_at),
        "due_at": isoformat(request.due_at),
        "completed_at": isoformat(request.completed_at),
    }
    if request.scheduled_for is not None:
        body["scheduled_for"] = isoformat(request.scheduled_for)
    url = services.privacy.download_url(request)
    if url:
        body["download_url"] = url
        body["expires_at"] = isoformat(request.file_expires_at)
    return body


@router.route(
    "/v1/privacy/requests",
    "POST",
    summary="Ask for an export, deletion, restriction or its lift (Idempotency-Key)",
    status=202,
    also=(200,),  # restriction and restriction_lift take effect at once
    body=obj(
        {
            "type": {
                "type": "string",
                "enum": [t.value for t in RequestType],
            }
        },
        ("type",),
    ),
    response=REQUEST_SCHEMA,
    idempotent=True,
    errors=("reauth_required", "deletion_pending", "validation_error"),
)
def create_request(ctx: RequestContext) -> Reply:
    def action() -> tuple[int, dict[str, Any]]:
        request = ctx.services.privacy.create(ctx.principal, ctx.json["type"])
        status = 202 if request.type in (RequestType.EXPORT, RequestType.DELETION) else 200
        return status, present_request(request, ctx.services)

    return idempotent(ctx, "privacy_requests", action)


@router.route(
    "/v1/privacy/requests",
    "GET",
    summary="Your privacy requests, newest first",
    query=PAGINATION_QUERY,
    response=page_schema(REQUEST_SCHEMA),
)
def list_requests(ctx: RequestContext) -> dict:
    return paged(
        ctx,
        lambda limit, cursor: ctx.services.privacy.list(ctx.user, limit, cursor),
        lambda request: present_request(request, ctx.services),
    )


@router.route(
    "/v1/privacy/requests/{request_id}",
    "GET",
    summary="One privacy request (with a fresh download link when an export is ready)",
    response=REQUEST_SCHEMA,
    errors=("not_found",),
)
def get_request(ctx: RequestContext, request_id: str) -> dict:
    return present_request(ctx.services.privacy.get(ctx.user, request_id), ctx.services)


@router.route(
    "/v1/privacy/requests/{request_id}/cancel",
    "POST",
    summary="Cancel a deletion still in its grace period",
    response=REQUEST_SCHEMA,
    errors=("not_found", "not_cancelable"),
)
def cancel_request(ctx: RequestContext, request_id: str) -> dict:
    return present_request(ctx.services.privacy.cancel(ctx.user, request_id), ctx.services)
