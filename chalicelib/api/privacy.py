"""Privacy requests: /v1/privacy/requests (export, deletion, restriction, lift)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.api.idempotency import idempotent
from chalicelib.api.models import lazy
from chalicelib.api.request_context import Reply, RequestContext
from chalicelib.api.routing import Router, paged

if TYPE_CHECKING:
    from chalicelib.api.models import base, support
else:
    base, support = lazy("base"), lazy("support")

router = Router(__name__, "privacy")


@router.route(
    "/v1/privacy/requests",
    "POST",
    summary="Ask for an export, deletion, restriction or its lift (Idempotency-Key)",
    status=202,
    also=(200,),  # restriction and restriction_lift take effect at once
    body=lambda: support.PrivacyRequestCreate,
    response=lambda: support.PrivacyRequest,
    idempotent=True,
    errors=("reauth_required", "deletion_pending", "validation_error"),
)
def create_request(ctx: RequestContext) -> Reply:
    def action() -> tuple[int, dict[str, Any]]:
        body: support.PrivacyRequestCreate = ctx.body
        request = ctx.services.privacy.create(ctx.principal, body.type)
        status = 202 if request.type in ("export", "deletion") else 200
        return status, support.PrivacyRequest.from_entity(request, ctx.services).dump()

    return idempotent(ctx, "privacy_requests", action)


@router.route(
    "/v1/privacy/requests",
    "GET",
    summary="Your privacy requests, newest first",
    query=lambda: base.Pagination,
    response=lambda: base.page_of(support.PrivacyRequest),
)
def list_requests(ctx: RequestContext) -> dict[str, Any]:
    return paged(
        ctx,
        lambda limit, cursor: ctx.services.privacy.list(ctx.user, limit, cursor),
        lambda request: support.PrivacyRequest.from_entity(request, ctx.services),
    )


@router.route(
    "/v1/privacy/requests/{request_id}",
    "GET",
    summary="One privacy request (with a fresh download link when an export is ready)",
    response=lambda: support.PrivacyRequest,
    errors=("not_found",),
)
def get_request(ctx: RequestContext, request_id: str) -> support.PrivacyRequest:
    return support.PrivacyRequest.from_entity(
        ctx.services.privacy.get(ctx.user, request_id), ctx.services
    )


@router.route(
    "/v1/privacy/requests/{request_id}/cancel",
    "POST",
    summary="Cancel a deletion still in its grace period",
    response=lambda: support.PrivacyRequest,
    errors=("not_found", "not_cancelable"),
)
def cancel_request(ctx: RequestContext, request_id: str) -> support.PrivacyRequest:
    return support.PrivacyRequest.from_entity(
        ctx.services.privacy.cancel(ctx.user, request_id), ctx.services
    )
