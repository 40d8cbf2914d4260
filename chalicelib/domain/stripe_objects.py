"""Reading Stripe's objects (its JSON, whatever the API version puts where) into what
the event processor acts on: the purchase record, the subscription state, and the
ledger movements a refund or a dispute makes."""

from __future__ import annotations

from datetime import datetime

from chalicelib.clock import from_epoch
from chalicelib.domain import ledger
from chalicelib.domain.billing import ACTIVE_STATUSES
from chalicelib.domain.catalogue import FREE_PLAN, PLANS, Product
from chalicelib.domain.json_types import JSONObject
from chalicelib.domain.purchases import InvoiceStatus, PurchaseRecord, SubscriptionState
from chalicelib.ids import derived_id

WON_STATUSES = ("won", "warning_closed")


def clawback(credits: int, reference: str) -> ledger.Movement:
    return ledger.Movement(ledger.EntryType.CLAWBACK, -credits, 0, reference)


def reinstatement(credits: int, reference: str) -> ledger.Movement:
    return ledger.Movement(ledger.EntryType.ADJUSTMENT, credits, 0, reference)


def subscription_metadata(invoice: JSONObject) -> JSONObject:
    """Our metadata on the subscription, wherever this API version puts it."""
    parent = (invoice.get("parent") or {}).get("subscription_details") or {}
    legacy = invoice.get("subscription_details") or {}
    lines = (invoice.get("lines") or {}).get("data") or [{}]
    found: JSONObject = (
        parent.get("metadata") or legacy.get("metadata") or lines[0].get("metadata") or {}
    )
    return found


def _period_end(subscription: JSONObject) -> int | None:
    items = (subscription.get("items") or {}).get("data") or [{}]
    end = subscription.get("current_period_end") or items[0].get("current_period_end")
    return int(end) if end is not None else None


def purchase_record(
    user_id: str,
    stripe_id: str,
    product: Product,
    obj: JSONObject,
    status: InvoiceStatus,
    now: datetime,
) -> PurchaseRecord:
    """The transaction record of a Checkout Session or an invoice (`obj`)."""
    number = obj.get("number") or "GI2-" + derived_id("n", stripe_id)[2:12].upper()
    return PurchaseRecord(
        user_id=user_id,
        stripe_id=stripe_id,
        number=str(number),
        status=status,
        product_id=product.id,
        credits=product.credits,
        amount=product.amount,
        currency=product.currency,
        hosted_url=obj.get("hosted_invoice_url"),
        created_at=from_epoch(int(obj.get("created") or now.timestamp())),
    )


def subscription_state(subscription: JSONObject, created: int, deleted: bool) -> SubscriptionState:
    """The subscription as an event created at `created` describes it."""
    product = PLANS.get((subscription.get("metadata") or {}).get("product_id", ""))
    status = "canceled" if deleted else str(subscription.get("status", ""))
    period_end = _period_end(subscription)
    return SubscriptionState(
        subscription_id=str(subscription["id"]),
        status=status,
        product_id=product.id if product else None,
        current_period_end=from_epoch(period_end) if period_end else None,
        cancel_at_period_end=bool(subscription.get("cancel_at_period_end")),
        event_at=created,
        plan=product.id if product and status in ACTIVE_STATUSES else FREE_PLAN,
    )
