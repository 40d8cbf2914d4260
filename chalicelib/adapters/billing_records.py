"""Billing items to entities and back, for `BillingStore`."""

from __future__ import annotations

from chalicelib.adapters.models.billing import BillingAccountModel, InvoiceModel
from chalicelib.domain.purchases import BillingAccount, Invoice, InvoiceStatus, PurchaseRecord
from chalicelib.ids import derived_id, new_id


def invoice_id(stripe_id: str) -> str:
    return derived_id("inv", stripe_id)


def invoice_item(record: PurchaseRecord) -> InvoiceModel:
    return InvoiceModel(
        record.user_id,
        invoice_id(record.stripe_id),
        sort_key=new_id("inv", int(record.created_at.timestamp() * 1000)),
        stripe_id=record.stripe_id,
        number=record.number,
        status=record.status.value,
        product_id=record.product_id,
        credits=record.credits,
        amount=record.amount,
        currency=record.currency,
        hosted_url=record.hosted_url,
        created_at=record.created_at,
    )


def account_entity(account: BillingAccountModel) -> BillingAccount:
    return BillingAccount(
        user_id=account.user_id,
        customer_id=account.customer_id,
        subscription_id=account.subscription_id,
        subscription_status=account.subscription_status,
        subscription_product_id=account.subscription_product_id,
        current_period_end=account.current_period_end,
        cancel_at_period_end=bool(account.cancel_at_period_end),
        balance_suspended=bool(account.balance_suspended),
    )


def invoice_entity(invoice: InvoiceModel) -> Invoice:
    return Invoice(
        invoice_id=invoice.invoice_id,
        number=invoice.number,
        status=InvoiceStatus(invoice.status),
        amount=int(invoice.amount),
        currency=invoice.currency,
        created_at=invoice.created_at,
        hosted_url=invoice.hosted_url,
        product_id=invoice.product_id,
        credits=int(invoice.credits),
        amount_refunded=int(invoice.amount_refunded),
    )
