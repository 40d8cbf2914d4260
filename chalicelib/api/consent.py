"""Cookie consent (/v1/consent) and the Global Privacy Control statement."""

from __future__ import annotations

from typing import Any

from chalicelib.api.routing import Reply, RequestContext, Router
from chalicelib.api.schema import Schema, obj
from chalicelib.clock import isoformat
from chalicelib.domain.retention import period
from chalicelib.privacy.consent import ConsentState, new_consent_id, valid_consent_id

router = Router(__name__, "consent")

COOKIE = "consent_id"
GPC_LAST_UPDATE = "2026-11-01"
CONSENT_SCHEMA: Schema = {
    "type": "object",
    "required": ["consent_id", "categories", "policy_version", "method", "gpc", "updated_at"],
    "properties": {
        "consent_id": {"type": "string"},
        "categories": obj(
            {
                "necessary": {"type": "boolean", "const": True},
                "functional": {"type": "boolean"},
                "analytics": {"type": "boolean"},
                "marketing": {"type": "boolean"},
            }
        ),
        "policy_version": {"type": "string"},
        "method": {"type": "string", "enum": ["default", "explicit", "gpc"]},
        "gpc": {"type": "boolean"},
        "updated_at": {"type": ["string", "null"], "format": "date-time"},
    },
}


def gpc_signal(ctx: RequestContext) -> bool:
    return (ctx.header("sec-gpc") or "").strip() == "1"


def present_consent(state: ConsentState) -> dict[str, Any]:
    return {
        "consent_id": state.consent_id,
        "categories": {
            "necessary": True,
            "functional": state.functional,
            "analytics": state.analytics,
            "marketing": state.marketing,
        },
        "policy_version": state.policy_version,
        "method": state.method,
        "gpc": state.gpc,
        "updated_at": isoformat(state.updated_at),
    }


def _subject(ctx: RequestContext) -> tuple[str, str]:
    """(subject id, consent id): the user when signed in, else the cookie's visitor."""
    consent_id = valid_consent_id(ctx.cookies.get(COOKIE)) or new_consent_id()
    principal = ctx.optional_principal
    return (principal.user.user_id if principal else consent_id), consent_id


def _reply(ctx: RequestContext, state: ConsentState) -> Reply:
    max_age = int(period("consent").total_seconds())
    secure = "" if ctx.settings.is_local else "; Secure"
    cookie = f"{COOKIE}={state.consent_id}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax"
    return Reply(body=present_consent(state), cookies=[cookie + secure])


@router.route(
    "/v1/consent",
    "GET",
    summary="The consent in force (the user's, or the consent_id cookie's, or defaults)",
    auth="optional",
    response=CONSENT_SCHEMA,
)
def get_consent(ctx: RequestContext) -> Reply:
    subject, consent_id = _subject(ctx)
    return _reply(ctx, ctx.services.consent.current(subject, consent_id, gpc_signal(ctx)))


@router.route(
    "/v1/consent",
    "PUT",
    summary="Record a consent choice (Sec-GPC: 1 forces marketing off)",
    auth="optional",
    body=obj(
        {
            "functional": {"type": "boolean"},
            "analytics": {"type": "boolean"},
            "marketing": {"type": "boolean"},
        },
        ("functional", "analytics", "marketing"),
    ),
    response=CONSENT_SCHEMA,
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
    response=obj({"gpc": {"type": "boolean"}, "lastUpdate": {"type": "string"}}),
)
def gpc_statement(ctx: RequestContext) -> dict:
    return {"gpc": True, "lastUpdate": GPC_LAST_UPDATE}
