"""Billing: the catalogue, checkout, the customer portal, the ledger and invoices."""

from __future__ import annotations

from typing import Any

from chalicelib.api.idempotency import idempotent
from chalicelib.api.routing import (
    PAGINATION_QUERY,
    Reply,
    RequestContext,
    Router,
    page_schema,
    paged,
)
from chalicelib.api.schema import Schema, obj
from chalicelib.clock import isoformat
from chalicelib.domain.catalogue import PRODUCTS
from chalicelib.ids import new_id

router = Router(__name__, "billing")


def _request_key(ctx: RequestContext) -> str:
    """What makes this request this request: the client's Idempotency-Key, else the
    gateway's request id (so the Stripe idempotency key is derived from it)."""
    context = ctx.request.context or {}
    return ctx.header("idempotency-key") or str(context.get("requestId") or new_id("req"))


CREDITS: Schema = obj({"available": {"type": "integer"}, "held": {"type": "integer"}})
PRODUCT: Schema = {
    "type": "object",
    "required": ["id", "kind", "name", "credits", "price"],
    "properties": {
        "id": {"type": "string"},
        "kind": {"type": "string", "enum": ["credit_pack", "plan"]},
        "name": {"type": "string"},
        "credits": {"type": "integer"},
        "price": obj({"amount": {"type": "integer"}, "currency": {"type": "string"}}),
        "interval": {"type": "string"},
    },
}
LEDGER_ENTRY: Schema = {
    "type": "object",
    "properties": {
        "id": {"type": "string"},
        "type": {"type": "string"},
        "credits": {"type": "integer"},
        "balance_after": {"type": "integer"},
        "reference": {"type": "string"},
        "created_at": {"type": "string", "format": "date-time"},
    },
}
INVOICE: Schema = {
    "type": "object",
    "properties": {
        "id": {"type": "string"},
        "number": {"type": "string"},
        "status": {"type": "string"},
        "amount": {"type": "integer"},
        "currency": {"type": "string"},
        "created_at": {"type": "string", "format": "date-time"},
        "hosted_url": {"type": ["string", "null"]},
        "product_id": {"type": "string"},
        "credits": {"type": "integer"},
        "amount_refunded": {"type": "integer"},
    },
}


@router.route(
    "/v1/billing",
    "GET",
    summary="Plan, credits, subscription and billing contact",
    response={
        "type": "object",
        "required": ["plan", "credits", "subscription", "billing_contact"],
        "properties": {
            "plan": {"type": "string"},
            "credits": CREDITS,
            "subscription": {"type": ["object", "null"]},
            "billing_contact": {
                "type": ["object", "null"],
                "description": "Read from Stripe; we store only the customer id",
                "properties": {
                    "provider": {"type": "string"},
                    "customer_id": {"type": "string"},
                    "name": {"type": ["string", "null"]},
                    "email": {"type": ["string", "null"]},
                    "country": {"type": ["string", "null"]},
                },
            },
            "suspended": {"type": "boolean"},
        },
    },
)
def get_billing(ctx: RequestContext) -> dict:
    return ctx.services.billing.summary(ctx.user)


@router.route(
    "/v1/billing/products",
    "GET",
    summary="Credit packs and plans",
    auth="none",
    response={"type": "object", "properties": {"data": {"type": "array", "items": PRODUCT}}},
)
def list_products(ctx: RequestContext) -> dict:
    from chalicelib.domain.billing import list_products

    return {"data": list_products()}


@router.route(
    "/v1/billing/checkout",
    "POST",
    summary="Start a Stripe Checkout Session for a pack or a plan (Idempotency-Key honoured)",
    status=201,
    body=obj({"product_id": {"type": "string", "enum": list(PRODUCTS)}}, ("product_id",)),
    response=obj({"checkout_url": {"type": "string"}, "session_id": {"type": "string"}}),
    idempotent=True,
    errors=("not_purchasable", "subscription_exists"),
)
def checkout(ctx: RequestContext) -> Reply:
    return idempotent(
        ctx,
        "billing_checkout",
        lambda: (
            201,
            ctx.services.billing.checkout(ctx.user, ctx.json["product_id"], _request_key(ctx)),
        ),
    )


@router.route(
    "/v1/billing/portal",
    "POST",
    summary="A Stripe Customer Portal session",
    response=obj({"url": {"type": "string"}}),
)
def portal(ctx: RequestContext) -> dict:
    return ctx.services.billing.portal(ctx.user)


@router.route(
    "/v1/billing/ledger",
    "GET",
    summary="Credit ledger entries with the balance after each, newest first",
    query=PAGINATION_QUERY,
    response=page_schema(LEDGER_ENTRY),
)
def ledger(ctx: RequestContext) -> dict:
    user_id = ctx.user.user_id
    return paged(
        ctx,
        lambda limit, cursor: ctx.services.ledger_store.page(user_id, limit, cursor),
        present_ledger_entry,
    )


def present_ledger_entry(e: Any) -> dict[str, Any]:
    return {
        "id": e.entry_id,
        "type": e.type,
        "credits": int(e.credits),
        "balance_after": int(e.balance_after),
        "reference": e.reference,
        "created_at": isoformat(e.created_at),
    }


@router.route(
    "/v1/billing/invoices",
    "GET",
    summary="Invoices and paid checkouts (transaction records), newest first",
    query=PAGINATION_QUERY,
    response=page_schema(INVOICE),
)
def invoices(ctx: RequestContext) -> dict:
    user_id = ctx.user.user_id
    store = ctx.services.billing_store
    return paged(
        ctx, lambda limit, cursor: store.invoices_page(user_id, limit, cursor), present_invoice
    )


def present_invoice(i: Any) -> dict[str, Any]:
    return {
        "id": i.invoice_id,
        "number": i.number,
        "status": i.status,
        "amount": int(i.amount),
        "currency": i.currency,
        "created_at": isoformat(i.created_at),
        "hosted_url": i.hosted_url,
        "product_id": i.product_id,
        "credits": int(i.credits),
        "amount_refunded": int(i.amount_refunded),
    }
