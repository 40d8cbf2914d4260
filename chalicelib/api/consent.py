"""Cookie consent (/v1/consent) and the Global Privacy Control statement."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.api.models import lazy
from chalicelib.api.request_context import Reply, RequestContext
from chalicelib.api.routing import Router
from chalicelib.errors import Unauthenticated

# The consent rules load with the first consent request, not with the app.
if TYPE_CHECKING:
    from chalicelib.api.models import public
    from chalicelib.privacy.consent_state import ConsentState
else:
    public = lazy("public")

router = Router(__name__, "consent")

COOKIE = "consent_id"
GPC_LAST_UPDATE = "2026-11-01"


def gpc_signal(ctx: RequestContext) -> bool:
    return (ctx.header("sec-gpc") or "").strip() == "1"


def consent_of(state: ConsentState) -> public.Consent:
    return public.Consent(
        consent_id=state.consent_id,
        categories=public.ConsentCategories(
            necessary=True,
            functional=state.functional,
            analytics=state.analytics,
            marketing=state.marketing,
        ),
        policy_version=state.policy_version,
        method=public.ConsentMethod(state.method),
        gpc=state.gpc,
        updated_at=state.updated_at,
    )


def _subject(ctx: RequestContext) -> tuple[str, str]:
    """(subject id, consent id): the user when signed in, else the cookie's visitor (also
    when the session is expired or revoked, as after an account deletion: cookie choices
    are a visitor's too)."""
    from chalicelib.privacy.consent import new_consent_id, valid_consent_id

    consent_id = valid_consent_id(ctx.cookies.get(COOKIE)) or new_consent_id()
    try:
        principal = ctx.optional_principal
    except Unauthenticated:
        principal = None
    return (principal.user.user_id if principal else consent_id), consent_id


def _reply(ctx: RequestContext, state: ConsentState) -> Reply:
    from chalicelib.domain.retention import period

    max_age = int(period("consent").total_seconds())
    secure = "" if ctx.settings.is_local else "; Secure"
    cookie = f"{COOKIE}={state.consent_id}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax"
    return Reply(body=consent_of(state), cookies=[cookie + secure])


@router.route(
    "/v1/consent",
    "GET",
    summary="The consent in force (the user's, or the consent_id cookie's, or defaults)",
    auth="optional",
    response=lambda: public.Consent,
)
def get_consent(ctx: RequestContext) -> Reply:
    subject, consent_id = _subject(ctx)
    return _reply(ctx, ctx.services.consent.current(subject, consent_id, gpc_signal(ctx)))


@router.route(
    "/v1/consent",
    "PUT",
    summary="Record a consent choice (Sec-GPC: 1 forces marketing off)",
    auth="optional",
    body=lambda: public.ConsentChoice,
    response=lambda: public.Consent,
    errors=("validation_error",),
)
def put_consent(ctx: RequestContext) -> Reply:
    subject, consent_id = _subject(ctx)
    return _reply(ctx, ctx.services.consent.update(subject, consent_id, ctx.json, gpc_signal(ctx)))


@router.route(
    "/.well-known/gpc.json",
    "GET",
    summary="Global Privacy Control support statement",
    auth="none",
    response=lambda: public.GpcStatement,
)
def gpc_statement(ctx: RequestContext) -> public.GpcStatement:
    return public.GpcStatement(gpc=True, lastUpdate=GPC_LAST_UPDATE)
