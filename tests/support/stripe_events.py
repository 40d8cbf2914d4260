"""Stripe events in Stripe's documented object shapes (checkout.session, invoice,
subscription, charge, dispute; `previous_attributes` on updates), signed at test time
with the stripe SDK's helper, and delivered to the webhook through the test client."""

from __future__ import annotations

import itertools
import json
from typing import Any

import stripe

from chalicelib.domain.catalogue import PRODUCTS

SECRET = "whsec_local_development_secret"
API_VERSION = "2026-10-28.endive"
_ids = itertools.count(1)


def sid(prefix: str) -> str:
    return f"{prefix}_test{next(_ids):08d}"


def event(
    kind: str,
    obj: dict[str, Any],
    created: int,
    previous: dict[str, Any] | None = None,
    event_id: str | None = None,
) -> dict[str, Any]:
    data: dict[str, Any] = {"object": obj}
    if previous is not None:
        data["previous_attributes"] = previous
    return {
        "id": event_id or sid("evt"),
        "object": "event",
        "api_version": API_VERSION,
        "created": created,
        "data": data,
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": kind,
    }


def checkout_session(
    user_id: str,
    product_id: str,
    customer: str,
    created: int,
    *,
    payment_status: str = "paid",
    amount: int | None = None,
    session_id: str | None = None,
) -> dict[str, Any]:
    product = PRODUCTS[product_id]
    plan = product.kind == "plan"
    total = product.amount if amount is None else amount
    return {
        "id": session_id or sid("cs_test"),
        "object": "checkout.session",
        "amount_subtotal": total,
        "amount_total": total,
        "client_reference_id": user_id,
        "created": created,
        "currency": product.currency,
        "customer": customer,
        "customer_details": {"email": None, "name": None, "address": {"country": "NL"}},
        "expires_at": created + 86400,
        "livemode": False,
        "metadata": {"product_id": product_id, "user_id": user_id},
        "mode": "subscription" if plan else "payment",
        "payment_intent": None if plan else sid("pi"),
        "payment_method_types": ["card"],
        "payment_status": payment_status,
        "status": "complete",
        "subscription": sid("sub") if plan else None,
        "success_url": "https://app.example/billing?checkout=success",
        "url": None,
    }


def charge(
    payment_intent: str, amount: int, amount_refunded: int, customer: str, created: int
) -> dict[str, Any]:
    return {
        "id": sid("ch"),
        "object": "charge",
        "amount": amount,
        "amount_captured": amount,
        "amount_refunded": amount_refunded,
        "captured": True,
        "created": created,
        "currency": "usd",
        "customer": customer,
        "disputed": False,
        "livemode": False,
        "paid": True,
        "payment_intent": payment_intent,
        "payment_method_details": {
            "type": "card",
            "card": {"brand": "visa", "last4": "4242", "exp_month": 12, "exp_year": 2034},
        },
        "refunded": amount_refunded >= amount,
        "status": "succeeded",
    }


def dispute(payment_intent: str, charge_id: str, amount: int, status: str, created: int) -> dict:
    return {
        "id": sid("dp"),
        "object": "dispute",
        "amount": amount,
        "charge": charge_id,
        "created": created,
        "currency": "usd",
        "is_charge_refundable": False,
        "livemode": False,
        "metadata": {},
        "payment_intent": payment_intent,
        "reason": "fraudulent",
        "status": status,
    }


def subscription(
    subscription_id: str,
    customer: str,
    product_id: str,
    status: str,
    created: int,
    period_end: int,
    *,
    cancel_at_period_end: bool = False,
) -> dict[str, Any]:
    return {
        "id": subscription_id,
        "object": "subscription",
        "cancel_at_period_end": cancel_at_period_end,
        "created": created,
        "customer": customer,
        "items": {
            "object": "list",
            "data": [
                {
                    "id": sid("si"),
                    "object": "subscription_item",
                    "current_period_start": period_end - 30 * 86400,
                    "current_period_end": period_end,
                }
            ],
        },
        "livemode": False,
        "metadata": {"product_id": product_id},
        "status": status,
    }


def invoice(
    customer: str,
    subscription_id: str,
    product_id: str,
    created: int,
    *,
    status: str = "paid",
    amount: int | None = None,
    billing_reason: str = "subscription_cycle",
) -> dict[str, Any]:
    product = PRODUCTS[product_id]
    paid = product.amount if amount is None else amount
    invoice_id = sid("in")
    return {
        "id": invoice_id,
        "object": "invoice",
        "amount_due": paid,
        "amount_paid": paid if status == "paid" else 0,
        "amount_remaining": 0 if status == "paid" else paid,
        "billing_reason": billing_reason,
        "created": created,
        "currency": product.currency,
        "customer": customer,
        "hosted_invoice_url": f"https://invoice.stripe.com/i/acct_test/{invoice_id}",
        "livemode": False,
        "number": f"ABCD1234-{next(_ids):04d}",
        "parent": {
            "type": "subscription_details",
            "subscription_details": {
                "subscription": subscription_id,
                "metadata": {"product_id": product_id},
            },
        },
        "lines": {"object": "list", "data": []},
        "period_start": created - 30 * 86400,
        "period_end": created,
        "status": status,
    }


def sign(payload: str, timestamp: int, secret: str = SECRET) -> str:
    return str(stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp))


def deliver(api: Any, evt: dict[str, Any], now: int, secret: str = SECRET) -> Any:
    payload = json.dumps(evt)
    return api.post(
        "/v1/webhooks/stripe",
        raw=payload.encode(),
        headers={"stripe-signature": sign(payload, now, secret)},
    )
