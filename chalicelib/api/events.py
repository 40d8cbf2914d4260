"""Usage events (/v1/events): recorded only with analytics consent, never while
processing is restricted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.api.consent import COOKIE
from chalicelib.api.models import lazy
from chalicelib.api.request_context import RequestContext
from chalicelib.api.routing import Router
from chalicelib.errors import PayloadTooLarge

if TYPE_CHECKING:
    from chalicelib.api.models import public
else:
    public = lazy("public")

router = Router(__name__, "events")


@router.route(
    "/v1/events",
    "POST",
    summary="Usage events (<= 50, <= 64 KB); stored only with analytics consent",
    status=202,
    auth="optional",
    body=lambda: public.UsageEvents,
    response=lambda: public.EventsAccepted,
    errors=("payload_too_large", "validation_error"),
)
def post_events(ctx: RequestContext) -> public.EventsAccepted:
    from chalicelib.privacy.consent import valid_consent_id
    from chalicelib.privacy.usage import MAX_BYTES, client_facts  # on the first events

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
    return public.EventsAccepted(accepted=len(events), recorded=recorded)
