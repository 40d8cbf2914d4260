"""Support messages and reports of accounts held by children under 13."""

from __future__ import annotations

from typing import Any

from chalicelib.api.models.base import Pagination, page_of
from chalicelib.api.models.support import (
    ChildReportRequest,
    ReportReceived,
    SupportMessage,
    SupportMessageRequest,
)
from chalicelib.api.request_context import Reply, RequestContext
from chalicelib.api.routing import Router, paged

router = Router(__name__, "support")


@router.route(
    "/v1/support/messages",
    "POST",
    summary="Write to support",
    status=201,
    body=SupportMessageRequest,
    response=SupportMessage,
    errors=("validation_error",),
)
def post_message(ctx: RequestContext) -> SupportMessage:
    body: SupportMessageRequest = ctx.body
    return SupportMessage.from_entity(
        ctx.services.support.post_message(ctx.user, body.subject, body.body)
    )


@router.route(
    "/v1/support/messages",
    "GET",
    summary="Your support messages, newest first",
    query=Pagination,
    response=page_of(SupportMessage),
)
def list_messages(ctx: RequestContext) -> dict[str, Any]:
    return paged(
        ctx,
        lambda limit, cursor: ctx.services.support.messages(ctx.user, limit, cursor),
        SupportMessage.from_entity,
    )


@router.route(
    "/v1/reports/child-account",
    "POST",
    summary="Report an account held by a child under 13 (always 202)",
    status=202,
    auth="optional",
    body=ChildReportRequest,
    response=ReportReceived,
    errors=("validation_error",),
)
def report_child_account(ctx: RequestContext) -> Reply:
    principal = ctx.optional_principal
    body: ChildReportRequest = ctx.body
    ctx.services.support.report_child(
        body.account_email, body.details, principal.user if principal else None
    )
    return Reply(body=ReportReceived(status="received"), status=202)
