"""Accounts and sessions: /v1/auth/*."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.api.models import lazy
from chalicelib.api.request_context import Reply, RequestContext
from chalicelib.api.routing import Router
from chalicelib.domain import accounts_entities
from chalicelib.domain.accounts import AgeRestricted, SignupInput
from chalicelib.domain.accounts_entities import SecurityEventType
from chalicelib.domain.auth import IssuedSession
from chalicelib.errors import Unauthenticated

if TYPE_CHECKING:
    from chalicelib.api.models import accounts, base
else:
    accounts, base = lazy("accounts"), lazy("base")

router = Router(__name__, "auth")

AGE_GATE_COOKIE = "age_gate"
AGE_GATE_SECONDS = 24 * 3600


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


def _signed_in(
    ctx: RequestContext, user: accounts_entities.User, issued: IssuedSession, status: int
) -> Reply:
    # A visitor's cookie choice made before signing in carries over to the account.
    ctx.services.consent.merge_on_login(user.user_id, ctx.cookies.get("consent_id"))
    session = issued.session
    max_age = int((session.absolute_expires_at - ctx.services.clock.now()).total_seconds())
    return Reply(
        body=accounts.AuthResponse(
            user=accounts.User.from_entity(user, ctx.services),
            token=issued.token,
            expires_at=session.idle_expires_at,
        ),
        status=status,
        cookies=[_session_cookie(ctx, issued.token, max_age)],
    )


@router.route(
    "/v1/auth/signup",
    "POST",
    summary="Create an account (13 or older) and sign in",
    status=201,
    auth="none",
    body=lambda: accounts.SignupRequest,
    response=lambda: accounts.AuthResponse,
    errors=("age_restricted", "email_taken", "validation_error"),
)
def signup(ctx: RequestContext) -> Reply:
    gate = f"{AGE_GATE_COOKIE}=1; Path=/v1/auth; Max-Age={AGE_GATE_SECONDS}; HttpOnly; SameSite=Lax"
    if ctx.cookies.get(AGE_GATE_COOKIE) == "1":
        raise AgeRestricted("You must be 13 or older to use GPT Image 2.")
    body: accounts.SignupRequest = ctx.body
    data = SignupInput(
        email=body.email,
        password=body.password,
        name=body.name,
        birth_date=body.birth_date,
        accept_policy_version=body.accept_policy_version,
    )
    try:
        user = ctx.services.accounts.sign_up(data)
    except AgeRestricted as error:
        error.headers = {"Set-Cookie": gate}
        raise
    issued = ctx.services.auth.start_session(user, ctx.client)
    ctx.services.auth.record(user.user_id, SecurityEventType.SIGNUP, ctx.client)
    return _signed_in(ctx, user, issued, 201)


@router.route(
    "/v1/auth/login",
    "POST",
    summary="Sign in with email and password",
    auth="none",
    body=lambda: accounts.LoginRequest,
    response=lambda: accounts.AuthResponse,
    errors=("invalid_credentials", "rate_limited"),
)
def login(ctx: RequestContext) -> Reply:
    body: accounts.LoginRequest = ctx.body
    user, issued = ctx.services.auth.login(body.email, body.password, ctx.client)
    return _signed_in(ctx, user, issued, 200)


@router.route("/v1/auth/logout", "POST", summary="Revoke the current session", status=204)
def logout(ctx: RequestContext) -> Reply:
    ctx.services.auth.logout(ctx.principal, ctx.client)
    return Reply(status=204, cookies=[_session_cookie(ctx, "", 0)])


@router.route(
    "/v1/auth/verify-email",
    "POST",
    summary="Verify the email address with the 6-digit code",
    body=lambda: accounts.VerifyEmailRequest,
    response=lambda: accounts.UserEnvelope,
    errors=("invalid_code",),
)
def verify_email(ctx: RequestContext) -> accounts.UserEnvelope:
    body: accounts.VerifyEmailRequest = ctx.body
    user, verified = ctx.services.accounts.verify_email(ctx.user, body.code)
    if verified:
        ctx.services.auth.record(user.user_id, SecurityEventType.EMAIL_VERIFIED, ctx.client)
    return accounts.UserEnvelope(user=accounts.User.from_entity(user, ctx.services))


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
    body=lambda: accounts.ForgotPasswordRequest,
)
def forgot_password(ctx: RequestContext) -> Reply:
    body: accounts.ForgotPasswordRequest = ctx.body
    ctx.services.auth.forgot_password(body.email, ctx.client)
    return Reply(status=202)


@router.route(
    "/v1/auth/password/reset",
    "POST",
    summary="Set a new password with a reset token; every session is revoked",
    status=204,
    auth="none",
    body=lambda: accounts.ResetPasswordRequest,
    errors=("invalid_token", "validation_error"),
)
def reset_password(ctx: RequestContext) -> Reply:
    body: accounts.ResetPasswordRequest = ctx.body
    ctx.services.auth.reset_password(body.token, body.new_password, ctx.client)
    return Reply(status=204)


@router.route(
    "/v1/auth/password/change",
    "POST",
    summary="Change the password; other sessions are revoked",
    status=204,
    body=lambda: accounts.ChangePasswordRequest,
    errors=("invalid_credentials", "validation_error", "rate_limited"),
)
def change_password(ctx: RequestContext) -> Reply:
    body: accounts.ChangePasswordRequest = ctx.body
    ctx.services.auth.change_password(
        ctx.principal, body.current_password, body.new_password, ctx.client
    )
    return Reply(status=204)


@router.route(
    "/v1/auth/reauth",
    "POST",
    summary="Confirm the password; the session counts as fresh for 10 minutes",
    status=204,
    body=lambda: accounts.ReauthRequest,
    errors=("invalid_credentials", "rate_limited"),
)
def reauth(ctx: RequestContext) -> Reply:
    body: accounts.ReauthRequest = ctx.body
    ctx.services.auth.reauthenticate(ctx.principal, body.password, ctx.client)
    return Reply(status=204)


@router.route(
    "/v1/auth/sessions",
    "GET",
    summary="List active sessions",
    response=lambda: base.list_of(accounts.Session),
)
def list_sessions(ctx: RequestContext) -> base.ResponseModel:
    current = ctx.principal.session.session_id
    sessions = ctx.services.auth.sessions(ctx.principal)
    return base.listed(
        accounts.Session, [accounts.Session.from_entity(s, current) for s in sessions]
    )


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


@router.route(
    "/v1/auth/session",
    "GET",
    summary="The signed-in user, or null when signed out (200 either way)",
    auth="optional",
    response=lambda: accounts.SessionStatus,
)
def session_status(ctx: RequestContext) -> accounts.SessionStatus:
    try:
        principal = ctx.optional_principal
    except Unauthenticated:  # an expired or revoked session is simply signed out
        principal = None
    return accounts.SessionStatus(
        user=None if principal is None else accounts.User.from_entity(principal.user, ctx.services)
    )
