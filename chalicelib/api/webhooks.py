"""Stripe webhooks: the signature is checked on the raw body before anything else."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.api.models import lazy
from chalicelib.api.request_context import RequestContext
from chalicelib.api.routing import Router

if TYPE_CHECKING:
    from chalicelib.api.models import public
else:
    public = lazy("public")

router = Router(__name__, "webhooks")


@router.route(
    "/v1/webhooks/stripe",
    "POST",
    summary="Stripe events (signature-verified, effects applied exactly once)",
    auth="none",
    response=lambda: public.WebhookReceived,
    headers={"Stripe-Signature": {"type": "string"}},
    errors=("invalid_signature",),
    content_types=["application/json", "text/plain", "application/octet-stream"],
)
def stripe_webhook(ctx: RequestContext) -> public.WebhookReceived:
    raw = ctx.request.raw_body or b""
    payload = raw.encode() if isinstance(raw, str) else raw
    ctx.services.stripe_events.receive(payload, ctx.header("stripe-signature"))
    return public.WebhookReceived(received=True)
