"""The signed-in user: /v1/me, policy acceptance, security events."""

from __future__ import annotations

from chalicelib.api.presenters import (
    SECURITY_EVENT_SCHEMA,
    USER_SCHEMA,
    present_security_event,
    present_user,
)
from chalicelib.api.routing import (
    PAGINATION_QUERY,
    Reply,
    RequestContext,
    Router,
    page_schema,
    paged,
)
from chalicelib.api.schema import obj

router = Router(__name__, "me")

SETTINGS_SCHEMA = obj(
    {
        "theme": {"type": "string", "enum": ["system", "light", "dark"]},
        "locale": {"type": "string", "pattern": r"^[a-z]{2}(-[A-Z]{2})?$"},
        "email_notifications": {"type": "boolean"},
        "default_model": {"type": "string", "maxLength": 64},
        "default_size": {"type": "string", "maxLength": 16},
    }
)


@router.route("/v1/me", "GET", summary="The signed-in user", response=USER_SCHEMA)
def get_me(ctx: RequestContext) -> dict:
    return present_user(ctx.user, ctx.services)


@router.route(
    "/v1/me",
    "PATCH",
    summary="Correct the name or settings",
    body=obj(
        {"name": {"type": "string", "minLength": 1, "maxLength": 200}, "settings": SETTINGS_SCHEMA}
    ),
    response=USER_SCHEMA,
    errors=((409, "processing_restricted"), "validation_error"),
)
def patch_me(ctx: RequestContext) -> dict:
    from chalicelib.privacy.correction import correct_profile
    from chalicelib.privacy.data_map import load

    body, services = ctx.json, ctx.services
    user = correct_profile(
        services.accounts,
        services.map_tables,
        services.payment_customers,
        load(),
        ctx.user,
        body.get("name"),
        body.get("settings"),
    )
    return present_user(user, services)


@router.route(
    "/v1/me/policy-acceptance",
    "POST",
    summary="Accept the current privacy policy version",
    status=204,
    body=obj({"version": {"type": "string", "minLength": 1, "maxLength": 64}}, ("version",)),
)
def accept_policy(ctx: RequestContext) -> Reply:
    ctx.services.accounts.accept_policy(ctx.user, ctx.json["version"])
    return Reply(status=204)


@router.route(
    "/v1/me/security-events",
    "GET",
    summary="Security events of the account, newest first",
    query=PAGINATION_QUERY,
    response=page_schema(SECURITY_EVENT_SCHEMA),
)
def security_events(ctx: RequestContext) -> dict:
    user_id = ctx.user.user_id
    store = ctx.services.accounts_store
    return paged(
        ctx, lambda limit, cursor: store.events_of(user_id, limit, cursor), present_security_event
    )
