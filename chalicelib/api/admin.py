"""Admin routes (a verified user with role "admin"; to everyone else, whatever their
credentials, each answers the 404 an unknown route answers: see `RequestContext.admin`):
overdue privacy requests, support messages, child-account reports and their
confirmation, suspension. The lists follow the list convention (`?limit=&cursor=`), in
table order (they page a scan)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.api.models import lazy
from chalicelib.api.request_context import RequestContext
from chalicelib.api.routing import Router, paged

if TYPE_CHECKING:
    from chalicelib.api.models import accounts, base, support
else:
    accounts, base, support = lazy("accounts"), lazy("base"), lazy("support")

router = Router(__name__, "admin")


@router.route(
    "/v1/admin/privacy/requests",
    "GET",
    summary="Open privacy requests (overdue=true: past their 30-day due date), paged",
    auth="admin",
    query=lambda: support.OpenRequestsQuery,
    response=lambda: base.page_of(support.OwnedPrivacyRequest),
    errors=("not_found",),
)
def admin_privacy_requests(ctx: RequestContext) -> dict[str, Any]:
    query: support.OpenRequestsQuery = ctx.params
    overdue = query.overdue
    return paged(
        ctx,
        lambda limit, cursor: ctx.services.privacy.open_requests(limit, cursor, overdue),
        lambda r: support.OwnedPrivacyRequest.from_entity(r, ctx.services),
    )


@router.route(
    "/v1/admin/support/messages",
    "GET",
    summary="All support messages, paged",
    auth="admin",
    query=lambda: base.Pagination,
    response=lambda: base.page_of(support.OwnedSupportMessage),
    errors=("not_found",),
)
def admin_support_messages(ctx: RequestContext) -> dict[str, Any]:
    return paged(
        ctx,
        ctx.services.support.all_messages,
        support.OwnedSupportMessage.from_entity,
    )


@router.route(
    "/v1/admin/reports",
    "GET",
    summary="Child-account reports, paged",
    auth="admin",
    query=lambda: base.Pagination,
    response=lambda: base.page_of(support.ChildReport),
    errors=("not_found",),
)
def admin_reports(ctx: RequestContext) -> dict[str, Any]:
    return paged(ctx, ctx.services.support.reports, support.ChildReport.from_entity)


@router.route(
    "/v1/admin/reports/{report_id}/confirm",
    "POST",
    summary="Confirm a child account: the account is deleted at once (no grace period)",
    auth="admin",
    response=lambda: support.ChildReport,
    errors=("not_found", "already_resolved"),
)
def admin_confirm_report(ctx: RequestContext, report_id: str) -> support.ChildReport:
    services = ctx.services
    return support.ChildReport.from_entity(
        services.support.confirm_report(report_id, services.privacy)
    )


@router.route(
    "/v1/admin/reports/{report_id}/dismiss",
    "POST",
    summary="Dismiss a child-account report",
    auth="admin",
    response=lambda: support.ChildReport,
    errors=("not_found", "already_resolved"),
)
def admin_dismiss_report(ctx: RequestContext, report_id: str) -> support.ChildReport:
    return support.ChildReport.from_entity(ctx.services.support.dismiss_report(report_id))


@router.route(
    "/v1/admin/users/{user_id}/suspend",
    "POST",
    summary="Suspend a user",
    auth="admin",
    response=lambda: accounts.User,
    errors=("not_found",),
)
def admin_suspend(ctx: RequestContext, user_id: str) -> accounts.User:
    return accounts.User.from_entity(
        ctx.services.support.set_suspended(user_id, True), ctx.services
    )


@router.route(
    "/v1/admin/users/{user_id}/unsuspend",
    "POST",
    summary="Lift a user's suspension",
    auth="admin",
    response=lambda: accounts.User,
    errors=("not_found",),
)
def admin_unsuspend(ctx: RequestContext, user_id: str) -> accounts.User:
    return accounts.User.from_entity(
        ctx.services.support.set_suspended(user_id, False), ctx.services
    )
