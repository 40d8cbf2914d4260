"""Stripe webhooks: the signature is checked on the raw body before anything else."""

from __future__ import annotations

from chalicelib.api.routing import RequestContext, Router
from chalicelib.api.schema import obj

router = Router(__name__, "webhooks")


@router.route(
    "/v1/webhooks/stripe",
    "POST",
    summary="Stripe events (signature-verified, effects applied exactly once)",
    auth="none",
    response=obj({"received": {"type": "boolean"}}),
    headers={"Stripe-Signature": {"type": "string"}},
    errors=("invalid_signature",),
    content_types=["application/json", "text/plain", "application/octet-stream"],
)
def stripe_webhook(ctx: RequestContext) -> dict:
    ctx.services.stripe_events.receive(ctx.request.raw_body or b"", ctx.header("stripe-signature"))
    return {"received": True}
