"""What billing and the Stripe event processor need: the billing records (accounts,
events, invoices, payment references), Stripe's API, and who the users are."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Protocol

from chalicelib.domain.cursors import Page
from chalicelib.domain.json_types import JSONObject
from chalicelib.domain.ledger import Movement
from chalicelib.domain.purchases import (
    BillingAccount,
    Invoice,
    Purchase,
    PurchaseRecord,
    SubscriptionState,
)


class BillingRecords(Protocol):
    def get_account(self, user_id: str) -> BillingAccount | None: ...

    def account_by_customer(self, customer_id: str) -> BillingAccount | None: ...

    def set_customer(self, user_id: str, customer_id: str, now: datetime) -> str:
        """Store the user's Stripe customer once; returns the one that is stored."""
        ...

    def apply_subscription(self, user_id: str, state: SubscriptionState, deleted: bool) -> bool:
        """Record the subscription and the user's plan together, unless a later event
        already did: False when `state` is stale."""
        ...

    def sync_suspension(self, user_id: str) -> bool | None:
        """Suspend while the balance is negative, lift it once settled; None: unchanged."""
        ...

    def event_seen(self, event_id: str) -> bool: ...

    def record_event(
        self, event_id: str, kind: str, created: int, outcome: str, now: datetime
    ) -> bool:
        """Remember a processed event id; False when it was already recorded."""
        ...

    def grant_purchase(
        self, record: PurchaseRecord, refs: list[str], grant: Movement, now: datetime
    ) -> bool:
        """Grant a purchase's credits, keep its record and the payment references that
        lead back to it, all at once; False when the grant had already landed."""
        ...

    def purchase(self, ref: str) -> Purchase | None: ...

    def add_ref(self, ref: str, purchase: Purchase) -> None: ...

    def record_unpaid(self, record: PurchaseRecord) -> None:
        """Keep an unpaid attempt as a record, unless the purchase already exists."""
        ...

    def mark_refunded(self, purchase: Purchase, amount_refunded: int) -> None: ...

    def invoices_page(self, user_id: str, limit: int, cursor: str | None) -> Page[Invoice]: ...


class StripeApi(Protocol):
    """Stripe's API as we use it: the SDK in production, a stand-in on the local stack.
    Stripe's objects are its JSON, passed through as such."""

    def create_customer(self, user_id: str, email: str, idempotency_key: str) -> str: ...

    def create_checkout_session(self, params: JSONObject, idempotency_key: str) -> JSONObject: ...

    def create_portal_session(self, customer_id: str, return_url: str) -> str: ...

    def get_customer(self, customer_id: str) -> JSONObject | None: ...

    def update_customer_name(self, customer_id: str, name: str) -> None: ...

    def delete_customer(self, customer_id: str) -> None: ...

    def list_events(self, created_gte: int) -> Iterator[JSONObject]: ...

    def session_for_payment_intent(self, payment_intent: str) -> JSONObject | None: ...

    def invoice_for_payment_intent(self, payment_intent: str) -> JSONObject | None: ...


class UserLookup(Protocol):
    """Whether a user exists (a payment for nobody is set aside for review)."""

    def get_user(self, user_id: str) -> object | None: ...
