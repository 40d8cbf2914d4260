"""Admin routes (a verified user with role "admin"; to everyone else, whatever their
credentials, each answers the 404 an unknown route answers: see `RequestContext.admin`):
overdue privacy requests, support messages, child-account reports and their
confirmation, suspension. The lists follow the list convention (`?limit=&cursor=`), in
table order (they page a scan)."""

from __future__ import annotations

from typing import Any

from chalicelib.api.models.accounts import User
from chalicelib.api.privacy import REQUEST_SCHEMA, present_request
from chalicelib.api.routing import PAGINATION_QUERY, RequestContext, Router, page_schema, paged
from chalicelib.api.schema import Schema, obj
from chalicelib.api.support import MESSAGE_SCHEMA, present_message
from chalicelib.clock import isoformat

router = Router(__name__, "admin")

REPORT_SCHEMA: Schema = obj(
    {
        "id": {"type": "string"},
        "account_user_id": {"type": ["string", "null"]},
        "reporter_user_id": {"type": ["string", "null"]},
        "details": {"type": "string"},
        "status": {"type": "string", "enum": ["open", "confirmed", "dismissed"]},
        "created_at": {"type": "string", "format": "date-time"},
        "resolved_at": {"type": ["string", "null"], "format": "date-time"},
    }
)


def with_owner(item: Schema) -> Schema:
    """An item as an admin sees it: with the id of the user it belongs to."""
    return {**item, "properties": {**item["properties"], "user_id": {"type": "string"}}}


def present_report(report: Any) -> dict[str, Any]:
    return {
        "id": report.report_id,
        "account_user_id": report.account_user_id,
        "reporter_user_id": report.reporter_user_id,
        "details": report.details,
        "status": report.status,
        "created_at": isoformat(report.created_at),
        "resolved_at": isoformat(report.resolved_at),
    }


@router.route(
    "/v1/admin/privacy/requests",
    "GET",
    summary="Open privacy requests (overdue=true: past their 30-day due date), paged",
    auth="admin",
    query={**PAGINATION_QUERY, "overdue": {"type": "boolean"}},
    response=page_schema(with_owner(REQUEST_SCHEMA)),
    errors=("not_found",),
)
def admin_privacy_requests(ctx: RequestContext) -> dict:
    overdue = ctx.query("overdue") == "true"
    return paged(
        ctx,
        lambda limit, cursor: ctx.services.privacy.open_requests(limit, cursor, overdue),
        lambda r: {**present_request(r, ctx.services), "user_id": r.user_id},
    )


@router.route(
    "/v1/admin/support/messages",
    "GET",
    summary="All support messages, paged",
    auth="admin",
    query=PAGINATION_QUERY,
    response=page_schema(with_owner(MESSAGE_SCHEMA)),
    errors=("not_found",),
)
def admin_support_messages(ctx: RequestContext) -> dict:
    return paged(
        ctx,
        ctx.services.support.all_messages,
        lambda m: {**present_message(m), "user_id": m.user_id},
    )


@router.route(
    "/v1/admin/reports",
    "GET",
    summary="Child-account reports, paged",
    auth="admin",
    query=PAGINATION_QUERY,
    response=page_schema(REPORT_SCHEMA),
    errors=("not_found",),
)
def admin_reports(ctx: RequestContext) -> dict:
    return paged(ctx, ctx.services.support.reports, present_report)


@router.route(
    "/v1/admin/reports/{report_id}/confirm",
    "POST",
    summary="Confirm a child account: the account is deleted at once (no grace period)",
    auth="admin",
    response=REPORT_SCHEMA,
    errors=("not_found", "already_resolved"),
)
def admin_confirm_report(ctx: RequestContext, report_id: str) -> dict:
    services = ctx.services
    return present_report(services.support.confirm_report(report_id, services.privacy))


@router.route(
    "/v1/admin/reports/{report_id}/dismiss",
    "POST",
    summary="Dismiss a child-account report",
    auth="admin",
    response=REPORT_SCHEMA,
    errors=("not_found", "already_resolved"),
)
def admin_dismiss_report(ctx: RequestContext, report_id: str) -> dict:
    return present_report(ctx.services.support.dismiss_report(report_id))


@router.route(
    "/v1/admin/users/{user_id}/suspend",
    "POST",
    summary="Suspend a user",
    auth="admin",
    response=User,
    errors=("not_found",),
)
def admin_suspend(ctx: RequestContext, user_id: str) -> User:
    return User.of(ctx.services.support.set_suspended(user_id, True), ctx.services)


@router.route(
    "/v1/admin/users/{user_id}/unsuspend",
    "POST",
    summary="Lift a user's suspension",
    auth="admin",
    response=User,
    errors=("not_found",),
)
def admin_unsuspend(ctx: RequestContext, user_id: str) -> User:
    return User.of(ctx.services.support.set_suspended(user_id, False), ctx.services)
