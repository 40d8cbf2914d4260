"""What a purchase is once Stripe says it was paid, how much of its credits a refund or
a dispute takes back, and the billing records kept: the account (Stripe customer and
subscription) and the invoices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class InvoiceStatus(StrEnum):
    PAID = "paid"
    FAILED = "failed"  # an async Checkout payment that failed
    PAYMENT_FAILED = "payment_failed"  # a plan's invoice that failed
    REFUNDED = "refunded"
    PARTIALLY_REFUNDED = "partially_refunded"


@dataclass(frozen=True, slots=True)
class PurchaseRecord:
    """A paid Checkout Session or invoice, kept as a transaction record."""

    user_id: str
    stripe_id: str
    number: str
    status: InvoiceStatus
    product_id: str
    credits: int
    amount: int
    currency: str
    hosted_url: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Invoice:
    """A transaction record as stored: a purchase and what was refunded of it."""

    invoice_id: str
    number: str
    status: InvoiceStatus
    amount: int
    currency: str
    created_at: datetime
    hosted_url: str | None
    product_id: str
    credits: int
    amount_refunded: int


@dataclass(frozen=True, slots=True, kw_only=True)
class BillingAccount:
    """The user's Stripe customer and the subscription as the latest applied
    subscription event described it (its status is Stripe's)."""

    user_id: str
    customer_id: str | None
    subscription_id: str | None
    subscription_status: str | None
    subscription_product_id: str | None
    current_period_end: datetime | None
    cancel_at_period_end: bool
    balance_suspended: bool


@dataclass(frozen=True, slots=True)
class Purchase:
    user_id: str
    invoice_id: str
    credits: int
    amount: int
    amount_refunded: int


@dataclass(frozen=True, slots=True)
class SubscriptionState:
    subscription_id: str
    status: str
    product_id: str | None
    current_period_end: datetime | None
    cancel_at_period_end: bool
    event_at: int
    plan: str


def credits_share(purchase: Purchase, amount: int) -> int:
    """Credits bought by `amount` (minor units) of the purchase, rounded down, so the
    shares of successive partial refunds add up to the whole at a full refund."""
    if purchase.amount <= 0:
        return 0
    amount = max(0, min(amount, purchase.amount))
    return purchase.credits * amount // purchase.amount
