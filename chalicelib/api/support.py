"""Support messages and reports of accounts held by children under 13."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.api.models import lazy
from chalicelib.api.request_context import Reply, RequestContext
from chalicelib.api.routing import Router, paged

if TYPE_CHECKING:
    from chalicelib.api.models import base, support
else:
    base, support = lazy("base"), lazy("support")

router = Router(__name__, "support")


@router.route(
    "/v1/support/messages",
    "POST",
    summary="Write to support",
    status=201,
    body=lambda: support.SupportMessageRequest,
    response=lambda: support.SupportMessage,
    errors=("validation_error",),
)
def post_message(ctx: RequestContext) -> support.SupportMessage:
    body: support.SupportMessageRequest = ctx.body
    return support.SupportMessage.from_entity(
        ctx.services.support.post_message(ctx.user, body.subject, body.body)
    )


@router.route(
    "/v1/support/messages",
    "GET",
    summary="Your support messages, newest first",
    query=lambda: base.Pagination,
    response=lambda: base.page_of(support.SupportMessage),
)
def list_messages(ctx: RequestContext) -> dict[str, Any]:
    return paged(
        ctx,
        lambda limit, cursor: ctx.services.support.messages(ctx.user, limit, cursor),
        support.SupportMessage.from_entity,
    )


@router.route(
    "/v1/reports/child-account",
    "POST",
    summary="Report an account held by a child under 13 (always 202)",
    status=202,
    auth="optional",
    body=lambda: support.ChildReportRequest,
    response=lambda: support.ReportReceived,
    errors=("validation_error",),
)
def report_child_account(ctx: RequestContext) -> Reply:
    principal = ctx.optional_principal
    body: support.ChildReportRequest = ctx.body
    ctx.services.support.report_child(
        body.account_email, body.details, principal.user if principal else None
    )
    return Reply(body=support.ReportReceived(status="received"), status=202)
