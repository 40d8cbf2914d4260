"""Usage events (/v1/events): recorded only with analytics consent, never while
processing is restricted."""

from __future__ import annotations

from chalicelib.api.consent import COOKIE
from chalicelib.api.routing import RequestContext, Router
from chalicelib.api.schema import obj
from chalicelib.errors import PayloadTooLarge
from chalicelib.privacy.consent import valid_consent_id
from chalicelib.privacy.usage import MAX_BYTES, MAX_EVENTS, client_facts

router = Router(__name__, "events")

EVENT = obj(
    {
        "type": {"type": "string", "enum": ["page_view", "feature_interaction", "performance"]},
        "name": {"type": "string", "minLength": 1, "maxLength": 200},
        "properties": {"type": "object"},
        "occurred_at": {"type": "string", "format": "date-time", "maxLength": 40},
    },
    ("type", "name"),
)


@router.route(
    "/v1/events",
    "POST",
    summary="Usage events (<= 50, <= 64 KB); stored only with analytics consent",
    status=202,
    auth="optional",
    body=obj(
        {"events": {"type": "array", "minItems": 1, "maxItems": MAX_EVENTS, "items": EVENT}},
        ("events",),
    ),
    response=obj({"accepted": {"type": "integer"}, "recorded": {"type": "integer"}}),
    errors=("payload_too_large", "validation_error"),
)
def post_events(ctx: RequestContext) -> dict:
    if len(ctx.request.raw_body or b"") > MAX_BYTES:
        raise PayloadTooLarge("At most 64 KB of events per request.")
    events = ctx.json["events"]
    principal = ctx.optional_principal
    recorded = ctx.services.usage.record(
        principal.user if principal else None,
        valid_consent_id(ctx.cookies.get(COOKIE)),
        events,
        lambda: client_facts(
            ctx.client.ip, ctx.client.user_agent, ctx.header("cloudfront-viewer-country")
        ),
    )
    return {"accepted": len(events), "recorded": recorded}
