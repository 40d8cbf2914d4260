"""Billing tables: the user's Stripe customer and subscription, processed Stripe event
ids, invoices (transaction records) and the payment references that lead a refund or a
dispute back to its purchase. No card data, billing address or name is ever stored."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, LocalSecondaryIndex

from chalicelib.adapters.models.base import BaseMeta, Model, table_name


class AccountsByCustomer(GlobalSecondaryIndex["BillingAccountModel"]):
    class Meta:
        index_name = "by_customer"
        projection = AllProjection()

    customer_id = UnicodeAttribute(hash_key=True)


class BillingAccountModel(Model):
    """One per user who started a checkout: the Stripe customer id and the state of the
    subscription as the latest applied subscription event described it."""

    class Meta(BaseMeta):
        table_name = table_name("billing-accounts")

    user_id = UnicodeAttribute(hash_key=True)
    customer_id = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    subscription_id = UnicodeAttribute(null=True)
    subscription_status = UnicodeAttribute(null=True)
    subscription_product_id = UnicodeAttribute(null=True)
    current_period_end = UTCDateTimeAttribute(null=True)
    cancel_at_period_end = BooleanAttribute(default=False)
    subscription_event_at = NumberAttribute(default=0)
    balance_suspended = BooleanAttribute(default=False)
    by_customer = AccountsByCustomer()


class StripeEventModel(Model):
    """A Stripe event id, written once (conditional put) after its effects applied."""

    class Meta(BaseMeta):
        table_name = table_name("stripe-events")

    event_id = UnicodeAttribute(hash_key=True)
    type = UnicodeAttribute()
    created = NumberAttribute()
    received_at = UTCDateTimeAttribute()
    outcome = UnicodeAttribute()
    expires = TTLAttribute()


class InvoicesByTime(LocalSecondaryIndex["InvoiceModel"]):
    class Meta:
        index_name = "by_time"
        projection = AllProjection()

    user_id = UnicodeAttribute(hash_key=True)
    sort_key = UnicodeAttribute(range_key=True)


class InvoiceModel(Model):
    """A purchase as a transaction record: a paid Checkout Session (credit pack) or a
    Stripe invoice (plan). The id is derived from the Stripe object id."""

    class Meta(BaseMeta):
        table_name = table_name("invoices")

    user_id = UnicodeAttribute(hash_key=True)
    invoice_id = UnicodeAttribute(range_key=True)
    sort_key = UnicodeAttribute()
    stripe_id = UnicodeAttribute()
    number = UnicodeAttribute()
    status = UnicodeAttribute()
    product_id = UnicodeAttribute()
    credits = NumberAttribute()
    amount = NumberAttribute()
    currency = UnicodeAttribute()
    amount_refunded = NumberAttribute(default=0)
    hosted_url = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    by_time = InvoicesByTime()


class PaymentRefModel(Model):
    """A Stripe id (checkout session, payment intent, invoice) -> the purchase it paid."""

    class Meta(BaseMeta):
        table_name = table_name("payment-refs")

    ref = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()
    invoice_id = UnicodeAttribute()
