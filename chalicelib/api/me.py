"""The signed-in user: /v1/me, policy acceptance, security events."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.api.models import lazy
from chalicelib.api.models.user_json import user_json
from chalicelib.api.request_context import Reply, RequestContext
from chalicelib.api.routing import Router, paged

if TYPE_CHECKING:
    from chalicelib.api.models import accounts, base
else:
    accounts, base = lazy("accounts"), lazy("base")

router = Router(__name__, "me")


@router.route("/v1/me", "GET", summary="The signed-in user", response=lambda: accounts.User)
def get_me(ctx: RequestContext) -> dict[str, Any]:
    return user_json(ctx.user, ctx.services)  # the `User` value, without loading pydantic


@router.route(
    "/v1/me",
    "PATCH",
    summary="Correct the name or settings",
    body=lambda: accounts.PatchMeRequest,
    response=lambda: accounts.User,
    errors=((409, "processing_restricted"), "validation_error"),
)
def patch_me(ctx: RequestContext) -> accounts.User:
    body: accounts.PatchMeRequest = ctx.body
    settings = None if body.settings is None else body.settings.model_dump(exclude_unset=True)
    user = ctx.services.profile.correct(ctx.user, body.name, settings)
    return accounts.User.from_entity(user, ctx.services)


@router.route(
    "/v1/me/policy-acceptance",
    "POST",
    summary="Accept the current privacy policy version",
    status=204,
    body=lambda: accounts.PolicyAcceptanceRequest,
)
def accept_policy(ctx: RequestContext) -> Reply:
    body: accounts.PolicyAcceptanceRequest = ctx.body
    ctx.services.accounts.accept_policy(ctx.user, body.version)
    return Reply(status=204)


@router.route(
    "/v1/me/security-events",
    "GET",
    summary="Security events of the account, newest first",
    query=lambda: base.Pagination,
    response=lambda: base.page_of(accounts.SecurityEvent),
)
def security_events(ctx: RequestContext) -> dict[str, Any]:
    auth = ctx.services.auth
    return paged(
        ctx,
        lambda limit, cursor: auth.security_events(ctx.user, limit, cursor),
        accounts.SecurityEvent.from_entity,
    )
