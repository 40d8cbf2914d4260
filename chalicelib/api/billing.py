"""Billing: the catalogue, checkout, the customer portal, the ledger and invoices."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.api.idempotency import idempotent
from chalicelib.api.models import lazy
from chalicelib.api.request_context import Reply, RequestContext
from chalicelib.api.routing import Router, paged
from chalicelib.ids import new_id

if TYPE_CHECKING:
    from chalicelib.api.models import base, billing
else:
    base, billing = lazy("base"), lazy("billing")

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
    response=lambda: billing.BillingSummary,
)
def get_billing(ctx: RequestContext) -> billing.BillingSummary:
    return billing.BillingSummary.from_entity(ctx.services.billing.summary(ctx.user))


@router.route(
    "/v1/billing/products",
    "GET",
    summary="Credit packs and plans",
    auth="none",
    response=lambda: base.list_of(billing.Product),
)
def list_products(ctx: RequestContext) -> base.ResponseModel:
    from chalicelib.domain.catalogue import PRODUCTS

    return base.listed(billing.Product, [billing.Product.from_entity(p) for p in PRODUCTS.values()])


@router.route(
    "/v1/billing/checkout",
    "POST",
    summary="Start a Stripe Checkout Session for a pack or a plan (Idempotency-Key honoured)",
    status=201,
    body=lambda: billing.CheckoutRequest,
    response=lambda: billing.CheckoutSession,
    idempotent=True,
    errors=("not_purchasable", "subscription_exists"),
)
def checkout(ctx: RequestContext) -> Reply:
    return idempotent(
        ctx,
        "billing_checkout",
        lambda: (
            201,
            billing.CheckoutSession.model_validate(
                ctx.services.billing.checkout(ctx.user, ctx.body.product_id, _request_key(ctx))
            ).dump(),
        ),
    )


@router.route(
    "/v1/billing/portal",
    "POST",
    summary="A Stripe Customer Portal session",
    response=lambda: billing.PortalSession,
)
def portal(ctx: RequestContext) -> billing.PortalSession:
    return billing.PortalSession.model_validate(ctx.services.billing.portal(ctx.user))


@router.route(
    "/v1/billing/ledger",
    "GET",
    summary="Credit ledger entries with the balance after each, newest first",
    query=lambda: base.Pagination,
    response=lambda: base.page_of(billing.LedgerEntry),
)
def ledger(ctx: RequestContext) -> dict[str, Any]:
    service = ctx.services.billing
    return paged(
        ctx,
        lambda limit, cursor: service.ledger(ctx.user, limit, cursor),
        billing.LedgerEntry.from_entity,
    )


@router.route(
    "/v1/billing/invoices",
    "GET",
    summary="Invoices and paid checkouts (transaction records), newest first",
    query=lambda: base.Pagination,
    response=lambda: base.page_of(billing.Invoice),
)
def invoices(ctx: RequestContext) -> dict[str, Any]:
    service = ctx.services.billing
    return paged(
        ctx,
        lambda limit, cursor: service.invoices(ctx.user, limit, cursor),
        billing.Invoice.from_entity,
    )
