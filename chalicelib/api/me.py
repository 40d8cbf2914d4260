"""The signed-in user: /v1/me, policy acceptance, security events."""

from __future__ import annotations

from typing import Any

from chalicelib.api.models.accounts import (
    PatchMeRequest,
    PolicyAcceptanceRequest,
    SecurityEvent,
    User,
)
from chalicelib.api.models.base import Pagination, page_of
from chalicelib.api.request_context import Reply, RequestContext
from chalicelib.api.routing import Router, paged

router = Router(__name__, "me")


@router.route("/v1/me", "GET", summary="The signed-in user", response=User)
def get_me(ctx: RequestContext) -> User:
    return User.from_entity(ctx.user, ctx.services)


@router.route(
    "/v1/me",
    "PATCH",
    summary="Correct the name or settings",
    body=PatchMeRequest,
    response=User,
    errors=((409, "processing_restricted"), "validation_error"),
)
def patch_me(ctx: RequestContext) -> User:
    body: PatchMeRequest = ctx.body
    settings = None if body.settings is None else body.settings.model_dump(exclude_unset=True)
    user = ctx.services.profile.correct(ctx.user, body.name, settings)
    return User.from_entity(user, ctx.services)


@router.route(
    "/v1/me/policy-acceptance",
    "POST",
    summary="Accept the current privacy policy version",
    status=204,
    body=PolicyAcceptanceRequest,
)
def accept_policy(ctx: RequestContext) -> Reply:
    body: PolicyAcceptanceRequest = ctx.body
    ctx.services.accounts.accept_policy(ctx.user, body.version)
    return Reply(status=204)


@router.route(
    "/v1/me/security-events",
    "GET",
    summary="Security events of the account, newest first",
    query=Pagination,
    response=page_of(SecurityEvent),
)
def security_events(ctx: RequestContext) -> dict[str, Any]:
    auth = ctx.services.auth
    return paged(
        ctx,
        lambda limit, cursor: auth.security_events(ctx.user, limit, cursor),
        SecurityEvent.from_entity,
    )
