"""PynamoDB persistence for billing: Stripe customers and subscriptions, processed event
ids, invoices and payment references. Writes that must agree with the user item (plan,
suspension) are transactions conditioned on the user's version and the account state."""

from __future__ import annotations

import random
import time
from datetime import datetime
from typing import Any

from pynamodb.exceptions import DoesNotExist, PutError, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib.adapters.billing_records import account_entity, invoice_entity, invoice_item
from chalicelib.adapters.cursors import page_query
from chalicelib.adapters.ledger_store import LedgerStore
from chalicelib.adapters.models.accounts import UserModel
from chalicelib.adapters.models.base import connection
from chalicelib.adapters.models.billing import (
    BillingAccountModel,
    InvoiceModel,
    PaymentRefModel,
    StripeEventModel,
)
from chalicelib.domain.cursors import Page
from chalicelib.domain.ledger import Movement
from chalicelib.domain.purchases import (
    BillingAccount,
    Invoice,
    InvoiceStatus,
    Purchase,
    PurchaseRecord,
    SubscriptionState,
)
from chalicelib.domain.retention import period
from chalicelib.errors import NotFound

EVENT_RECORD_LIFETIME = period("payment_events")
MAX_ATTEMPTS = 20
CONDITION_FAILED = "ConditionalCheckFailedException"


def _conditional_failure(exc: PutError | UpdateError) -> bool:
    return exc.cause_response_code == CONDITION_FAILED


def _backoff(attempt: int) -> None:
    time.sleep(random.uniform(0, min(0.2, 0.005 * 2**attempt)))


class BillingStore:
    """Implements `domain.ports.billing.BillingRecords`; a purchase's grant goes through
    the ledger's transaction, with the purchase's records written in it."""

    def __init__(self, ledger: LedgerStore) -> None:
        self._ledger = ledger

    # Accounts ----------------------------------------------------------------
    @staticmethod
    def _account(user_id: str) -> BillingAccountModel | None:
        try:
            return BillingAccountModel.get(user_id, consistent_read=True)
        except DoesNotExist:
            return None

    def get_account(self, user_id: str) -> BillingAccount | None:
        account = self._account(user_id)
        return account_entity(account) if account is not None else None

    def account_by_customer(self, customer_id: str) -> BillingAccount | None:
        found = next(iter(BillingAccountModel.by_customer.query(customer_id, limit=1)), None)
        return account_entity(found) if found is not None else None

    def set_customer(self, user_id: str, customer_id: str, now: datetime) -> str:
        """Store the user's Stripe customer once; returns the one that is stored."""
        try:
            BillingAccountModel(user_id, customer_id=customer_id, created_at=now).save(
                condition=BillingAccountModel.user_id.does_not_exist()
            )
            return customer_id
        except PutError as exc:
            if not _conditional_failure(exc):
                raise
        try:
            BillingAccountModel(user_id).update(
                actions=[BillingAccountModel.customer_id.set(customer_id)],
                condition=BillingAccountModel.customer_id.does_not_exist(),
            )
            return customer_id
        except UpdateError as exc:
            if not _conditional_failure(exc):
                raise
        account = self._account(user_id)
        assert account is not None and account.customer_id
        return account.customer_id

    def apply_subscription(self, user_id: str, state: SubscriptionState, deleted: bool) -> bool:
        """Record the subscription and set the user's plan in one transaction, unless a
        later event already did (events may arrive in any order). False when stale."""
        at = BillingAccountModel.subscription_event_at
        newer = at < state.event_at
        if deleted:
            condition = newer | (at == state.event_at)
        else:
            same_time = (at == state.event_at) & ~(
                BillingAccountModel.subscription_status == "canceled"
            )
            condition = newer | same_time
        for attempt in range(MAX_ATTEMPTS):
            user = UserModel.get(user_id, consistent_read=True)
            try:
                with TransactWrite(connection=connection()) as tx:
                    tx.update(
                        BillingAccountModel(user_id),
                        actions=[
                            BillingAccountModel.subscription_id.set(state.subscription_id),
                            BillingAccountModel.subscription_status.set(state.status),
                            BillingAccountModel.subscription_product_id.set(
                                _nullable(state.product_id)
                            ),
                            BillingAccountModel.current_period_end.set(
                                _nullable(state.current_period_end)
                            ),
                            BillingAccountModel.cancel_at_period_end.set(
                                state.cancel_at_period_end
                            ),
                            at.set(state.event_at),
                        ],
                        condition=BillingAccountModel.user_id.exists() & condition,
                    )
                    tx.update(user, actions=[UserModel.plan.set(state.plan)])
            except TransactWriteError as exc:
                reasons = [r.code if r else None for r in (exc.cancellation_reasons or [])]
                if reasons and reasons[0] == "ConditionalCheckFailed":
                    return False
                _backoff(attempt)
                continue
            return True
        raise RuntimeError("subscription write kept conflicting")

    def sync_suspension(self, user_id: str) -> bool | None:
        """Suspend generation while the balance is negative (after a clawback) and lift
        that suspension once the balance is settled. Returns the new state, or None
        when nothing changed. Suspensions made by an admin are left alone."""
        for attempt in range(MAX_ATTEMPTS):
            try:
                user = UserModel.get(user_id, consistent_read=True)
            except DoesNotExist as exc:
                raise NotFound("No such user.") from exc
            account = self._account(user_id)
            negative = int(user.credits_available) < 0
            by_billing = bool(account and account.balance_suspended)
            if negative == by_billing:
                return None
            available = UserModel.credits_available
            try:
                with TransactWrite(connection=connection()) as tx:
                    tx.update(
                        user,
                        actions=[UserModel.suspended.set(negative)],
                        condition=(available < 0) if negative else (available >= 0),
                    )
                    if account is not None:
                        tx.update(
                            account, actions=[BillingAccountModel.balance_suspended.set(negative)]
                        )
                    else:
                        tx.save(
                            BillingAccountModel(
                                user_id, created_at=user.created_at, balance_suspended=True
                            ),
                            condition=BillingAccountModel.user_id.does_not_exist(),
                        )
            except TransactWriteError:
                _backoff(attempt)
                continue
            return negative
        raise RuntimeError("suspension write kept conflicting")

    # Events ------------------------------------------------------------------
    def event_seen(self, event_id: str) -> bool:
        try:
            StripeEventModel.get(event_id, consistent_read=True)
        except DoesNotExist:
            return False
        return True

    def record_event(
        self, event_id: str, kind: str, created: int, outcome: str, now: datetime
    ) -> bool:
        """Remember a processed event id; False when it was already recorded."""
        try:
            StripeEventModel(
                event_id,
                type=kind,
                created=created,
                received_at=now,
                outcome=outcome,
                expires=now + EVENT_RECORD_LIFETIME,
            ).save(condition=StripeEventModel.event_id.does_not_exist())
        except PutError as exc:
            if not _conditional_failure(exc):
                raise
            return False
        return True

    # Purchases ---------------------------------------------------------------
    def grant_purchase(
        self, record: PurchaseRecord, refs: list[str], grant: Movement, now: datetime
    ) -> bool:
        """The grant, the invoice and the payment references in one ledger transaction;
        False when the grant's reference had already landed."""
        invoice = invoice_item(record)

        def extra(tx: TransactWrite, _user: UserModel) -> None:
            tx.save(invoice)
            for ref in refs:
                tx.save(
                    PaymentRefModel(ref, user_id=invoice.user_id, invoice_id=invoice.invoice_id)
                )

        return self._ledger.apply(record.user_id, [grant], now, extra=extra).applied

    def purchase(self, ref: str) -> Purchase | None:
        try:
            found = PaymentRefModel.get(ref, consistent_read=True)
            invoice = InvoiceModel.get(found.user_id, found.invoice_id, consistent_read=True)
        except DoesNotExist:
            return None
        return Purchase(
            invoice.user_id,
            invoice.invoice_id,
            int(invoice.credits),
            int(invoice.amount),
            int(invoice.amount_refunded),
        )

    def add_ref(self, ref: str, purchase: Purchase) -> None:
        PaymentRefModel(ref, user_id=purchase.user_id, invoice_id=purchase.invoice_id).save()

    def record_unpaid(self, record: PurchaseRecord) -> None:
        """Keep an unpaid attempt as a record, unless the purchase already exists."""
        try:
            invoice_item(record).save(condition=InvoiceModel.invoice_id.does_not_exist())
        except PutError as exc:
            if not _conditional_failure(exc):
                raise

    def mark_refunded(self, purchase: Purchase, amount_refunded: int) -> None:
        full = amount_refunded >= purchase.amount
        status = InvoiceStatus.REFUNDED if full else InvoiceStatus.PARTIALLY_REFUNDED
        try:
            InvoiceModel(purchase.user_id, purchase.invoice_id).update(
                actions=[
                    InvoiceModel.amount_refunded.set(amount_refunded),
                    InvoiceModel.status.set(status.value),
                ],
                condition=InvoiceModel.invoice_id.exists()
                & (InvoiceModel.amount_refunded < amount_refunded),
            )
        except UpdateError as exc:
            if not _conditional_failure(exc):
                raise

    def invoices_page(self, user_id: str, limit: int, cursor: str | None) -> Page[Invoice]:
        items, after = page_query(InvoiceModel, user_id, limit, cursor, InvoiceModel.by_time)
        return [invoice_entity(item) for item in items], after


def _nullable(value: Any) -> Any:
    """A value PynamoDB's typed `set` refuses when None, though DynamoDB stores it."""
    return value
