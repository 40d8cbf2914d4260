"""Billing: the catalogue, checkout, the customer portal, the ledger and invoices."""

from __future__ import annotations

from typing import Any

from chalicelib.api.idempotency import idempotent
from chalicelib.api.models.base import Pagination, ResponseModel, list_of, listed, page_of
from chalicelib.api.models.billing import (
    BillingSummary,
    CheckoutRequest,
    CheckoutSession,
    Invoice,
    LedgerEntry,
    PortalSession,
    Product,
)
from chalicelib.api.request_context import Reply, RequestContext
from chalicelib.api.routing import Router, paged
from chalicelib.ids import new_id

router = Router(__name__, "billing")


def _request_key(ctx: RequestContext) -> str:
    """What makes this request this request: the client's Idempotency-Key, else the
    gateway's request id (so the Stripe idempotency key is derived from it)."""
    context = ctx.request.context or {}
    return ctx.header("idempotency-key") or str(context.get("requestId") or new_id("req"))


@router.route(
    "/v1/billing",
    "GET",
    summary="Plan, credits, subscription and billing contact",
    response=BillingSummary,
)
def get_billing(ctx: RequestContext) -> BillingSummary:
    return BillingSummary.from_entity(ctx.services.billing.summary(ctx.user))


@router.route(
    "/v1/billing/products",
    "GET",
    summary="Credit packs and plans",
    auth="none",
    response=list_of(Product),
)
def list_products(ctx: RequestContext) -> ResponseModel:
    from chalicelib.domain.catalogue import PRODUCTS

    return listed(Product, [Product.from_entity(p) for p in PRODUCTS.values()])


@router.route(
    "/v1/billing/checkout",
    "POST",
    summary="Start a Stripe Checkout Session for a pack or a plan (Idempotency-Key honoured)",
    status=201,
    body=CheckoutRequest,
    response=CheckoutSession,
    idempotent=True,
    errors=("not_purchasable", "subscription_exists"),
)
def checkout(ctx: RequestContext) -> Reply:
    return idempotent(
        ctx,
        "billing_checkout",
        lambda: (
            201,
            CheckoutSession.model_validate(
                ctx.services.billing.checkout(ctx.user, ctx.body.product_id, _request_key(ctx))
            ).dump(),
        ),
    )


@router.route(
    "/v1/billing/portal",
    "POST",
    summary="A Stripe Customer Portal session",
    response=PortalSession,
)
def portal(ctx: RequestContext) -> PortalSession:
    return PortalSession.model_validate(ctx.services.billing.portal(ctx.user))


@router.route(
    "/v1/billing/ledger",
    "GET",
    summary="Credit ledger entries with the balance after each, newest first",
    query=Pagination,
    response=page_of(LedgerEntry),
)
def ledger(ctx: RequestContext) -> dict[str, Any]:
    billing = ctx.services.billing
    return paged(
        ctx, lambda limit, cursor: billing.ledger(ctx.user, limit, cursor), LedgerEntry.from_entity
    )


@router.route(
    "/v1/billing/invoices",
    "GET",
    summary="Invoices and paid checkouts (transaction records), newest first",
    query=Pagination,
    response=page_of(Invoice),
)
def invoices(ctx: RequestContext) -> dict[str, Any]:
    billing = ctx.services.billing
    return paged(
        ctx, lambda limit, cursor: billing.invoices(ctx.user, limit, cursor), Invoice.from_entity
    )
