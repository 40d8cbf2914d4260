"""Stripe-Signature headers, verified and made with the stripe SDK's own helpers
(imported on first use). The scheme: `t=<unix time>,v1=<HMAC-SHA256 of "t.body">`."""

from __future__ import annotations


def verify_header(payload: bytes, header: str | None, secret: str) -> int | None:
    """Check the signature on the raw body; returns the signed timestamp, or None when
    the header is missing, malformed or does not sign this payload with this secret.
    Recency is the caller's check (in both directions, with its own clock)."""
    import stripe

    try:
        text = payload.decode("utf-8")
        stripe.WebhookSignature.verify_header(text, header, secret, tolerance=None)
        stamps = [p.split("=", 1)[1] for p in (header or "").split(",") if p.startswith("t=")]
        return int(stamps[0])
    except (stripe.SignatureVerificationError, UnicodeDecodeError, ValueError, IndexError):
        return None


def signature_header(payload: str, secret: str, timestamp: int) -> str:
    import stripe

    return str(stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp))
