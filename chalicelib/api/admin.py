"""Admin routes (a verified user with role "admin"; to everyone else, whatever their
credentials, each answers the 404 an unknown route answers: see `RequestContext.admin`):
overdue privacy requests, support messages, child-account reports and their
confirmation, suspension. The lists follow the list convention (`?limit=&cursor=`), in
table order (they page a scan)."""

from __future__ import annotations

from typing import Any

from chalicelib.api.models.accounts import User
from chalicelib.api.models.base import Pagination, page_of
from chalicelib.api.models.support import (
    ChildReport,
    OpenRequestsQuery,
    OwnedPrivacyRequest,
    OwnedSupportMessage,
)
from chalicelib.api.request_context import RequestContext
from chalicelib.api.routing import Router, paged

router = Router(__name__, "admin")


@router.route(
    "/v1/admin/privacy/requests",
    "GET",
    summary="Open privacy requests (overdue=true: past their 30-day due date), paged",
    auth="admin",
    query=OpenRequestsQuery,
    response=page_of(OwnedPrivacyRequest),
    errors=("not_found",),
)
def admin_privacy_requests(ctx: RequestContext) -> dict[str, Any]:
    query: OpenRequestsQuery = ctx.params
    overdue = query.overdue
    return paged(
        ctx,
        lambda limit, cursor: ctx.services.privacy.open_requests(limit, cursor, overdue),
        lambda r: OwnedPrivacyRequest.from_entity(r, ctx.services),
    )


@router.route(
    "/v1/admin/support/messages",
    "GET",
    summary="All support messages, paged",
    auth="admin",
    query=Pagination,
    response=page_of(OwnedSupportMessage),
    errors=("not_found",),
)
def admin_support_messages(ctx: RequestContext) -> dict[str, Any]:
    return paged(
        ctx,
        ctx.services.support.all_messages,
        OwnedSupportMessage.from_entity,
    )


@router.route(
    "/v1/admin/reports",
    "GET",
    summary="Child-account reports, paged",
    auth="admin",
    query=Pagination,
    response=page_of(ChildReport),
    errors=("not_found",),
)
def admin_reports(ctx: RequestContext) -> dict[str, Any]:
    return paged(ctx, ctx.services.support.reports, ChildReport.from_entity)


@router.route(
    "/v1/admin/reports/{report_id}/confirm",
    "POST",
    summary="Confirm a child account: the account is deleted at once (no grace period)",
    auth="admin",
    response=ChildReport,
    errors=("not_found", "already_resolved"),
)
def admin_confirm_report(ctx: RequestContext, report_id: str) -> ChildReport:
    services = ctx.services
    return ChildReport.from_entity(services.support.confirm_report(report_id, services.privacy))


@router.route(
    "/v1/admin/reports/{report_id}/dismiss",
    "POST",
    summary="Dismiss a child-account report",
    auth="admin",
    response=ChildReport,
    errors=("not_found", "already_resolved"),
)
def admin_dismiss_report(ctx: RequestContext, report_id: str) -> ChildReport:
    return ChildReport.from_entity(ctx.services.support.dismiss_report(report_id))


@router.route(
    "/v1/admin/users/{user_id}/suspend",
    "POST",
    summary="Suspend a user",
    auth="admin",
    response=User,
    errors=("not_found",),
)
def admin_suspend(ctx: RequestContext, user_id: str) -> User:
    return User.from_entity(ctx.services.support.set_suspended(user_id, True), ctx.services)


@router.route(
    "/v1/admin/users/{user_id}/unsuspend",
    "POST",
    summary="Lift a user's suspension",
    auth="admin",
    response=User,
    errors=("not_found",),
)
def admin_unsuspend(ctx: RequestContext, user_id: str) -> User:
    return User.from_entity(ctx.services.support.set_suspended(user_id, False), ctx.services)
