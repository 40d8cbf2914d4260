"""Stripe webhooks: the signature is checked on the raw body before anything else."""

from __future__ import annotations

from chalicelib.api.models.public import WebhookReceived
from chalicelib.api.request_context import RequestContext
from chalicelib.api.routing import Router

router = Router(__name__, "webhooks")


@router.route(
    "/v1/webhooks/stripe",
    "POST",
    summary="Stripe events (signature-verified, effects applied exactly once)",
    auth="none",
    response=WebhookReceived,
    headers={"Stripe-Signature": {"type": "string"}},
    errors=("invalid_signature",),
    content_types=["application/json", "text/plain", "application/octet-stream"],
)
def stripe_webhook(ctx: RequestContext) -> WebhookReceived:
    raw = ctx.request.raw_body or b""
    payload = raw.encode() if isinstance(raw, str) else raw
    ctx.services.stripe_events.receive(payload, ctx.header("stripe-signature"))
    return WebhookReceived(received=True)
