"""Stripe events to effects, exactly once. The webhook (signature verified on the raw
body, |now - t| <= 300 s) and the reconciler both go through `handle`.

Every effect is keyed by the business object, never by the event: a grant by the
Checkout Session or the invoice, a clawback by the charge and its cumulative refunded
amount or by the dispute. The ledger writes each entry with a condition on its id, so a
duplicate, a retry, a concurrent delivery or another event about the same change is a
no-op, and the final state does not depend on the order events arrive in. The event id
is recorded (conditional put) after its effects applied, to answer duplicates early."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

from chalicelib.clock import Clock
from chalicelib.domain import ledger
from chalicelib.domain.catalogue import PLANS, PRODUCTS, Product
from chalicelib.domain.json_types import JSONObject, JSONValue
from chalicelib.domain.ports.billing import BillingRecords, StripeApi, UserLookup
from chalicelib.domain.ports.ledger import Ledger
from chalicelib.domain.purchases import InvoiceStatus, Purchase, PurchaseRecord, credits_share
from chalicelib.domain.stripe_objects import (
    WON_STATUSES,
    clawback,
    purchase_record,
    reinstatement,
    subscription_metadata,
    subscription_state,
)
from chalicelib.errors import DomainError, InvalidJson
from chalicelib.observability import logger

SIGNATURE_TOLERANCE_SECONDS = 300
SUBSCRIPTION_EVENTS = (
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
)

Verifier = Callable[[bytes, str | None, str], int | None]


class InvalidSignature(DomainError):
    code = "invalid_signature"


class StripeEventProcessor:
    def __init__(
        self,
        store: BillingRecords,
        ledger: Ledger,
        users: UserLookup,
        stripe: StripeApi,
        clock: Clock,
        verify: Verifier,
        webhook_secret: Callable[[], str],
    ) -> None:
        self._store = store
        self._ledger = ledger
        self._users = users
        self._stripe = stripe
        self._clock = clock
        self._verify = verify
        self._secret = webhook_secret

    # Entry points ------------------------------------------------------------
    def receive(self, payload: bytes, signature: str | None) -> str:
        """A webhook delivery: nothing is read or written before the signature and the
        timestamp (in the past or the future) are checked."""
        secret = self._secret()
        if not secret:
            # Never verify with an empty key (anyone could sign): refuse every delivery.
            logger.error("stripe webhook secret is not configured")
            raise InvalidSignature("The Stripe signature is missing, wrong or stale.")
        timestamp = self._verify(payload, signature, secret)
        now = self._clock.now().timestamp()
        if timestamp is None or abs(now - timestamp) > SIGNATURE_TOLERANCE_SECONDS:
            raise InvalidSignature("The Stripe signature is missing, wrong or stale.")
        try:
            event = json.loads(payload)
        except ValueError as exc:
            raise InvalidJson("The event is not JSON.") from exc
        if not isinstance(event, dict) or not isinstance(event.get("id"), str):
            raise InvalidJson("The event has no id.")
        return self.handle(event)

    def handle(self, event: JSONObject) -> str:
        """Apply one event (from the webhook or the reconciler) exactly once."""
        event_id = str(event["id"])
        if self._store.event_seen(event_id):
            return "duplicate"
        outcome = self._dispatch(event)
        first = self._store.record_event(
            event_id, str(event.get("type", "")), int(event.get("created", 0)), outcome, self._now()
        )
        logger.info(
            "stripe event",
            extra={"event_id": event_id, "event_type": event.get("type"), "outcome": outcome},
        )
        return outcome if first else "duplicate"

    # Dispatch ----------------------------------------------------------------
    def _dispatch(self, event: JSONObject) -> str:
        kind = event.get("type", "")
        data = event.get("data") or {}
        obj = data.get("object") or {}
        if kind in ("checkout.session.completed", "checkout.session.async_payment_succeeded"):
            return self._fulfil_session(obj)
        if kind == "checkout.session.async_payment_failed":
            return self._session_failed(obj)
        if kind == "invoice.paid":
            return self._invoice_paid(obj)
        if kind == "invoice.payment_failed":
            return self._invoice_failed(obj)
        if kind in SUBSCRIPTION_EVENTS:
            deleted = kind == "customer.subscription.deleted"
            return self._subscription(obj, int(event.get("created", 0)), deleted)
        if kind == "charge.refunded":
            return self._refunded(obj, data.get("previous_attributes") or {})
        if kind in ("charge.dispute.created", "charge.dispute.closed"):
            return self._dispute(obj, closed=kind == "charge.dispute.closed")
        return "ignored"

    # Purchases ---------------------------------------------------------------
    def _fulfil_session(self, session: JSONObject) -> str:
        if session.get("mode") != "payment":
            return "subscription_checkout"  # credits come with invoice.paid
        if session.get("payment_status") != "paid":
            return "awaiting_payment"
        user_id = str(session.get("client_reference_id") or "")
        product = PRODUCTS.get((session.get("metadata") or {}).get("product_id", ""))
        problem = self._check(product, "credit_pack", session, "amount_total", user_id)
        if problem or product is None:
            return self._review(problem, session_id=session.get("id"), user_id=user_id)
        session_id = str(session["id"])
        record = self._record(user_id, session_id, product, session, InvoiceStatus.PAID)
        refs = [session_id] + ([session["payment_intent"]] if session.get("payment_intent") else [])
        return self._grant(user_id, product.credits, f"stripe:checkout:{session_id}", record, refs)

    def _session_failed(self, session: JSONObject) -> str:
        user_id = str(session.get("client_reference_id") or "")
        product = PRODUCTS.get((session.get("metadata") or {}).get("product_id", ""))
        if product is None or self._users.get_user(user_id) is None:
            return self._review("unknown_purchase", session_id=session.get("id"))
        failed = self._record(user_id, session["id"], product, session, InvoiceStatus.FAILED)
        self._store.record_unpaid(failed)
        return "payment_failed"

    def _invoice_paid(self, invoice: JSONObject) -> str:
        user_id, product = self._invoice_owner(invoice)
        problem = self._check(product, "plan", invoice, "amount_paid", user_id)
        if problem or product is None:
            return self._review(problem, invoice_id=invoice.get("id"), user_id=user_id)
        invoice_id = str(invoice["id"])
        record = self._record(user_id, invoice_id, product, invoice, InvoiceStatus.PAID)
        refs = [invoice_id] + ([invoice["payment_intent"]] if invoice.get("payment_intent") else [])
        return self._grant(user_id, product.credits, f"stripe:invoice:{invoice_id}", record, refs)

    def _invoice_failed(self, invoice: JSONObject) -> str:
        user_id, product = self._invoice_owner(invoice)
        if product is None or not user_id:
            return self._review("unknown_purchase", invoice_id=invoice.get("id"))
        status = InvoiceStatus.PAYMENT_FAILED
        record = self._record(user_id, invoice["id"], product, invoice, status)
        self._store.record_unpaid(record)
        return "payment_failed"

    def _invoice_owner(self, invoice: JSONObject) -> tuple[str, Product | None]:
        account = self._store.account_by_customer(str(invoice.get("customer") or ""))
        metadata = subscription_metadata(invoice)
        user_id = account.user_id if account is not None else str(metadata.get("user_id", ""))
        product_id = metadata.get("product_id") or (
            account.subscription_product_id if account is not None else None
        )
        return user_id, PLANS.get(product_id or "")

    def _check(
        self, product: Product | None, kind: str, obj: JSONObject, field: str, user_id: str
    ) -> str | None:
        """The amount paid must be the catalogue's price for the product."""
        if product is None or product.kind != kind:
            return "unknown_product"
        if obj.get(field) != product.amount or obj.get("currency") != product.currency:
            return "amount_mismatch"
        if not user_id or self._users.get_user(user_id) is None:
            return "unknown_user"
        return None

    def _record(
        self,
        user_id: str,
        stripe_id: str,
        product: Product,
        obj: JSONObject,
        status: InvoiceStatus,
    ) -> PurchaseRecord:
        return purchase_record(user_id, stripe_id, product, obj, status, self._now())

    def _grant(
        self, user_id: str, credits: int, reference: str, record: PurchaseRecord, refs: list[str]
    ) -> str:
        granted = self._store.grant_purchase(
            record, refs, ledger.grant(credits, reference), self._now()
        )
        self._store.sync_suspension(user_id)
        return "granted" if granted else "already_granted"

    # Refunds and disputes ----------------------------------------------------
    def _purchase_for(self, payment_intent: str | None) -> Purchase | None:
        """The purchase a payment intent paid. When its own event has not arrived yet,
        ask Stripe (the source of truth) and apply that purchase first."""
        if not payment_intent:
            return None
        found = self._store.purchase(payment_intent)
        if found is not None:
            return found
        session = self._stripe.session_for_payment_intent(payment_intent)
        if session is not None:
            self._fulfil_session(session)
            return self._store.purchase(payment_intent)
        invoice = self._stripe.invoice_for_payment_intent(payment_intent)
        if invoice is None or invoice.get("status") != "paid":
            return None
        self._invoice_paid(invoice)
        found = self._store.purchase(str(invoice["id"]))
        if found is not None:
            self._store.add_ref(payment_intent, found)
        return found

    def _refunded(self, charge: JSONObject, previous: JSONObject) -> str:
        purchase = self._purchase_for(charge.get("payment_intent"))
        if purchase is None:
            return self._review("unmatched_charge", charge_id=charge.get("id"))
        if "amount_refunded" not in previous:
            return self._review("no_previous_amount", charge_id=charge.get("id"))
        total = int(charge.get("amount_refunded") or 0)
        credits = credits_share(purchase, total) - credits_share(
            purchase, int(previous["amount_refunded"] or 0)
        )
        outcome = "nothing_to_claw_back"
        if credits > 0:
            reference = f"stripe:refund:{charge['id']}:{total}"
            outcome = self._take_back(purchase.user_id, clawback(credits, reference))
        self._store.mark_refunded(purchase, total)
        return outcome

    def _dispute(self, dispute: JSONObject, *, closed: bool) -> str:
        purchase = self._purchase_for(dispute.get("payment_intent"))
        if purchase is None:
            return self._review("unmatched_dispute", dispute_id=dispute.get("id"))
        credits = credits_share(purchase, int(dispute.get("amount") or 0))
        dispute_id = str(dispute["id"])
        # The clawback lands once whichever of created/closed comes first.
        outcome = self._take_back(
            purchase.user_id, clawback(credits, f"stripe:dispute:{dispute_id}")
        )
        if closed and dispute.get("status") in WON_STATUSES:
            movement = reinstatement(credits, f"stripe:dispute_won:{dispute_id}")
            applied = self._ledger.apply(purchase.user_id, [movement], self._now())
            self._store.sync_suspension(purchase.user_id)
            return "reinstated" if applied.applied else "already_reinstated"
        return outcome

    def _take_back(self, user_id: str, movement: ledger.Movement) -> str:
        applied = self._ledger.apply(user_id, [movement], self._now(), allow_negative=True)
        self._store.sync_suspension(user_id)
        return "clawed_back" if applied.applied else "already_clawed_back"

    # Subscriptions -----------------------------------------------------------
    def _subscription(self, subscription: JSONObject, created: int, deleted: bool) -> str:
        account = self._store.account_by_customer(str(subscription.get("customer") or ""))
        if account is None:
            return self._review("unknown_customer", subscription_id=subscription.get("id"))
        state = subscription_state(subscription, created, deleted)
        applied = self._store.apply_subscription(account.user_id, state, deleted)
        return "subscription_updated" if applied else "stale"

    # Helpers -----------------------------------------------------------------
    def _review(self, problem: str | None, **ids: JSONValue) -> str:
        """Nothing granted; logged (ids only) for a person to look at."""
        logger.warning("billing review", extra={"problem": problem, **ids})
        return f"review:{problem}"

    def _now(self) -> datetime:
        return self._clock.now()
