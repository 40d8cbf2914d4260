"""Accounts and sessions: /v1/auth/*."""

from __future__ import annotations

from datetime import date
from typing import Any

from chalicelib.api.presenters import SESSION_SCHEMA, USER_SCHEMA, present_session, present_user
from chalicelib.api.routing import Reply, RequestContext, Router
from chalicelib.api.schema import obj
from chalicelib.clock import isoformat
from chalicelib.domain.accounts import AgeRestricted, SignupInput

router = Router(__name__, "auth")

AGE_GATE_COOKIE = "age_gate"
AGE_GATE_SECONDS = 24 * 3600

EMAIL = {"type": "string", "format": "email", "maxLength": 254}
PASSWORD = {"type": "string", "minLength": 1, "maxLength": 1024}
AUTH_RESPONSE = {
    "type": "object",
    "required": ["user", "token", "expires_at"],
    "properties": {
        "user": USER_SCHEMA,
        "token": {"type": "string"},
        "expires_at": {"type": "string", "format": "date-time"},
    },
}


def _session_cookie(ctx: RequestContext, token: str, max_age: int) -> str:
    settings = ctx.settings
    parts = [
        f"{settings.session_cookie_name}={token}",
        "Path=/",
        f"Max-Age={max_age}",
        "HttpOnly",
        "SameSite=Lax",
    ]
    if settings.session_cookie_secure:
        parts.append("Secure")
    return "; ".join(parts)


def _signed_in(ctx: RequestContext, user: Any, issued: Any, status: int) -> Reply:
    # A visitor's cookie choice made before signing in carries over to the account.
    ctx.services.consent.merge_on_login(user.user_id, ctx.cookies.get("consent_id"))
    session = issued.session
    max_age = int((session.absolute_expires_at - ctx.services.clock.now()).total_seconds())
    return Reply(
        body={
            "user": present_user(user, ctx.services),
            "token": issued.token,
            "expires_at": isoformat(session.idle_expires_at),
        },
        status=status,
        cookies=[_session_cookie(ctx, issued.token, max_age)],
    )


@router.route(
    "/v1/auth/signup",
    "POST",
    summary="Create an account (13 or older) and sign in",
    status=201,
    auth="none",
    body=obj(
        {
            "email": EMAIL,
            "password": PASSWORD,
            "name": {"type": "string", "minLength": 1, "maxLength": 200},
            "birth_date": {"type": "string", "format": "date"},
            "accept_policy_version": {"type": "string", "minLength": 1, "maxLength": 64},
        },
        ("email", "password", "name", "birth_date", "accept_policy_version"),
    ),
    response=AUTH_RESPONSE,
    errors=("age_restricted", "email_taken", "validation_error"),
)
def signup(ctx: RequestContext) -> Reply:
    gate = f"{AGE_GATE_COOKIE}=1; Path=/v1/auth; Max-Age={AGE_GATE_SECONDS}; HttpOnly; SameSite=Lax"
    if ctx.cookies.get(AGE_GATE_COOKIE) == "1":
        raise AgeRestricted("You must be 13 or older to use GPT Image 2.")
    body = ctx.json
    data = SignupInput(
        email=body["email"],
        password=body["password"],
        name=body["name"],
        birth_date=date.fromisoformat(body["birth_date"]),
        accept_policy_version=body["accept_policy_version"],
    )
    try:
        user = ctx.services.accounts.sign_up(data)
    except AgeRestricted as error:
        error.headers = {"Set-Cookie": gate}
        raise
    issued = ctx.services.auth.start_session(user, ctx.client)
    ctx.services.auth.record(user.user_id, "signup", ctx.client)
    return _signed_in(ctx, user, issued, 201)


@router.route(
    "/v1/auth/login",
    "POST",
    summary="Sign in with email and password",
    auth="none",
    body=obj({"email": EMAIL, "password": PASSWORD}, ("email", "password")),
    response=AUTH_RESPONSE,
    errors=("invalid_credentials", "rate_limited"),
)
def login(ctx: RequestContext) -> Reply:
    user, issued = ctx.services.auth.login(ctx.json["email"], ctx.json["password"], ctx.client)
    return _signed_in(ctx, user, issued, 200)


@router.route("/v1/auth/logout", "POST", summary="Revoke the current session", status=204)
def logout(ctx: RequestContext) -> Reply:
    ctx.services.auth.logout(ctx.principal, ctx.client)
    return Reply(status=204, cookies=[_session_cookie(ctx, "", 0)])


@router.route(
    "/v1/auth/verify-email",
    "POST",
    summary="Verify the email address with the 6-digit code",
    body=obj({"code": {"type": "string", "pattern": r"^\d{6}$"}}, ("code",)),
    response=obj({"user": USER_SCHEMA}),
    errors=("invalid_code",),
)
def verify_email(ctx: RequestContext) -> dict:
    user, verified = ctx.services.accounts.verify_email(ctx.user, ctx.json["code"])
    if verified:
        ctx.services.auth.record(user.user_id, "email_verified", ctx.client)
    return {"user": present_user(user, ctx.services)}


@router.route(
    "/v1/auth/verify-email/resend",
    "POST",
    summary="Send a new verification code",
    status=202,
)
def resend_verification(ctx: RequestContext) -> Reply:
    ctx.services.accounts.resend_verification(ctx.user)
    return Reply(status=202)


@router.route(
    "/v1/auth/password/forgot",
    "POST",
    summary="Email a password-reset token (always 202)",
    status=202,
    auth="none",
    body=obj({"email": EMAIL}, ("email",)),
)
def forgot_password(ctx: RequestContext) -> Reply:
    ctx.services.auth.forgot_password(ctx.json["email"], ctx.client)
    return Reply(status=202)


@router.route(
    "/v1/auth/password/reset",
    "POST",
    summary="Set a new password with a reset token; every session is revoked",
    status=204,
    auth="none",
    body=obj(
        {"token": {"type": "string", "minLength": 1, "maxLength": 512}, "new_password": PASSWORD},
        ("token", "new_password"),
    ),
    errors=("invalid_token", "validation_error"),
)
def reset_password(ctx: RequestContext) -> Reply:
    ctx.services.auth.reset_password(ctx.json["token"], ctx.json["new_password"], ctx.client)
    return Reply(status=204)


@router.route(
    "/v1/auth/password/change",
    "POST",
    summary="Change the password; other sessions are revoked",
    status=204,
    body=obj(
        {"current_password": PASSWORD, "new_password": PASSWORD},
        ("current_password", "new_password"),
    ),
    errors=("invalid_credentials", "validation_error", "rate_limited"),
)
def change_password(ctx: RequestContext) -> Reply:
    body = ctx.json
    ctx.services.auth.change_password(
        ctx.principal, body["current_password"], body["new_password"], ctx.client
    )
    return Reply(status=204)


@router.route(
    "/v1/auth/reauth",
    "POST",
    summary="Confirm the password; the session counts as fresh for 10 minutes",
    status=204,
    body=obj({"password": PASSWORD}, ("password",)),
    errors=("invalid_credentials", "rate_limited"),
)
def reauth(ctx: RequestContext) -> Reply:
    ctx.services.auth.reauthenticate(ctx.principal, ctx.json["password"], ctx.client)
    return Reply(status=204)


@router.route(
    "/v1/auth/sessions",
    "GET",
    summary="List active sessions",
    response=obj({"data": {"type": "array", "items": SESSION_SCHEMA}}),
)
def list_sessions(ctx: RequestContext) -> dict:
    current = ctx.principal.session.session_id
    sessions = ctx.services.auth.sessions(ctx.principal)
    return {"data": [present_session(s, current) for s in sessions]}


@router.route(
    "/v1/auth/sessions/{session_id}",
    "DELETE",
    summary="Revoke one session",
    status=204,
    errors=("not_found",),
)
def revoke_session(ctx: RequestContext, session_id: str) -> Reply:
    ctx.services.auth.revoke_session(ctx.principal, session_id, ctx.client)
    return Reply(status=204)
