"""Billing: the catalogue, checkout, the portal, the ledger and invoices (/v1/billing*)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, Field

from chalicelib.api.models.accounts import Credits
from chalicelib.api.models.base import RequestModel, ResponseModel, Time
from chalicelib.clock import isoformat
from chalicelib.domain import billing, catalogue, ledger, purchases
from chalicelib.domain.catalogue import PRODUCTS


def _known_product(value: str) -> str:
    if value not in PRODUCTS:
        raise ValueError(f"must be one of: {', '.join(PRODUCTS)}")
    return value


# The catalogue (`domain.catalogue`) is the one list of products.
ProductId = Annotated[
    str, AfterValidator(_known_product), Field(json_schema_extra={"enum": list(PRODUCTS)})
]


class ProductKind(StrEnum):
    credit_pack = "credit_pack"
    plan = "plan"


class Price(ResponseModel):
    amount: int
    currency: str


class Product(ResponseModel):
    id: str
    kind: ProductKind
    name: str
    credits: int
    price: Price
    interval: str | None = None

    @classmethod
    def from_entity(cls, product: catalogue.Product) -> Product:
        extra = {"interval": product.interval} if product.interval else {}
        return cls(
            id=product.id,
            kind=ProductKind(product.kind),
            name=product.name,
            credits=product.credits,
            price=Price(amount=product.amount, currency=product.currency),
            **extra,
        )


class Subscription(ResponseModel):
    id: str
    status: str | None
    product_id: str | None
    current_period_end: str | None
    cancel_at_period_end: bool


class BillingContact(ResponseModel):
    """Read from Stripe; we store only the customer id."""

    provider: str
    customer_id: str
    name: str | None
    email: str | None
    country: str | None


class BillingSummary(ResponseModel):
    plan: str
    credits: Credits
    subscription: Subscription | None
    billing_contact: BillingContact | None
    suspended: bool

    @classmethod
    def from_entity(cls, overview: billing.BillingOverview) -> BillingSummary:
        user, account, contact = overview.user, overview.account, overview.contact
        subscription = None
        if account is not None and account.subscription_id:
            subscription = Subscription(
                id=account.subscription_id,
                status=account.subscription_status,
                product_id=account.subscription_product_id,
                current_period_end=isoformat(account.current_period_end),
                cancel_at_period_end=account.cancel_at_period_end,
            )
        return cls(
            plan=user.plan,
            credits=Credits(available=user.credits_available, held=user.credits_held),
            subscription=subscription,
            billing_contact=(
                BillingContact.model_validate(contact, from_attributes=True) if contact else None
            ),
            suspended=overview.suspended,
        )


class CheckoutRequest(RequestModel):
    product_id: ProductId


class CheckoutSession(ResponseModel):
    checkout_url: str
    session_id: str


class PortalSession(ResponseModel):
    url: str


class LedgerEntry(ResponseModel):
    id: str
    type: str
    credits: int
    balance_after: int
    reference: str | None
    created_at: Time

    @classmethod
    def from_entity(cls, e: ledger.LedgerEntry) -> LedgerEntry:
        return cls(
            id=e.entry_id,
            type=e.type.value,
            credits=e.credits,
            balance_after=e.balance_after,
            reference=e.reference,
            created_at=e.created_at,
        )


class Invoice(ResponseModel):
    id: str
    number: str | None
    status: str | None
    amount: int
    currency: str | None
    created_at: Time
    hosted_url: str | None
    product_id: str | None
    credits: int
    amount_refunded: int

    @classmethod
    def from_entity(cls, i: purchases.Invoice) -> Invoice:
        return cls(
            id=i.invoice_id,
            number=i.number,
            status=i.status.value,
            amount=i.amount,
            currency=i.currency,
            created_at=i.created_at,
            hosted_url=i.hosted_url,
            product_id=i.product_id,
            credits=i.credits,
            amount_refunded=i.amount_refunded,
        )
