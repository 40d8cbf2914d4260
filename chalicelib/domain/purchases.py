"""What a purchase is once Stripe says it was paid, and how much of its credits a
refund or a dispute takes back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class PurchaseRecord:
    """A paid Checkout Session or invoice, kept as a transaction record."""

    user_id: str
    stripe_id: str
    number: str
    status: str
    product_id: str
    credits: int
    amount: int
    currency: str
    hosted_url: str | None
    created_at: datetime


@dataclass(frozen=True)
class Purchase:
    user_id: str
    invoice_id: str
    credits: int
    amount: int
    amount_refunded: int


@dataclass(frozen=True)
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
