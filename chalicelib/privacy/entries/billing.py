"""Data-map entries for billing: the Stripe customer link and subscription, invoices
(transaction records), payment references and the webhook event log."""

from __future__ import annotations

from typing import Any

from chalicelib.privacy.data_map import (
    ByHashKey,
    ByScan,
    Delete,
    Expiry,
    NotLinked,
    Pseudonymize,
    TableEntry,
)

ID = "user.unique_id"
OPS = "system.operations"
PURCHASES = "user.behavior.purchase_history"

TABLES = [
    TableEntry(
        table="billing_accounts",
        description="Your Stripe customer id and subscription state",
        purpose="Take payments and manage your plan",
        legal_basis="contract",
        retention="account",
        attributes={
            "user_id": ID,
            "customer_id": "user.payment",
            "created_at": OPS,
            "subscription_id": PURCHASES,
            "subscription_status": PURCHASES,
            "subscription_product_id": PURCHASES,
            "current_period_end": PURCHASES,
            "cancel_at_period_end": PURCHASES,
            "subscription_event_at": OPS,
            "balance_suspended": "user.financial",
        },
        lookup=ByHashKey(),
        erasure=Delete(),
        expiry=None,
        export="billing",
        note="The Stripe customer itself is deleted through the payment-customers port.",
    ),
    TableEntry(
        table="invoices",
        description="Invoices and paid checkouts (no card data)",
        purpose="Keep transaction records",
        legal_basis="legal_obligation",
        retention="transactions",
        attributes={
            "user_id": ID,
            "invoice_id": OPS,
            "sort_key": OPS,
            "stripe_id": PURCHASES,
            "number": PURCHASES,
            "status": PURCHASES,
            "product_id": PURCHASES,
            "credits": "user.financial",
            "amount": "user.financial",
            "currency": "user.financial",
            "amount_refunded": "user.financial",
            "hosted_url": PURCHASES,
            "created_at": PURCHASES,
        },
        lookup=ByHashKey(),
        erasure=Pseudonymize(attributes=("user_id",)),
        expiry=Expiry("created_at", mode="age", pseudonymized_only=True),
        export="invoices",
    ),
    TableEntry(
        table="payment_refs",
        description="Stripe payment ids linked to the purchase they paid",
        purpose="Match refunds and disputes to purchases",
        legal_basis="legal_obligation",
        retention="transactions",
        attributes={"ref": PURCHASES, "user_id": ID, "invoice_id": OPS},
        lookup=ByScan(("user_id",)),
        erasure=Pseudonymize(attributes=("user_id",)),
        expiry=None,
        note="Kept with the invoices they point to, under the same pseudonym.",
    ),
    TableEntry(
        table="stripe_events",
        description="Ids and types of Stripe events received (exactly-once processing)",
        purpose="Apply each payment event once",
        legal_basis="legitimate_interests",
        retention="payment_events",
        attributes={
            "event_id": OPS,
            "type": OPS,
            "created": OPS,
            "received_at": OPS,
            "outcome": OPS,
            "expires": OPS,
        },
        lookup=NotLinked(),
        erasure=None,
        expiry=Expiry("expires"),
        note="Event ids and types only: no user id, email or amount.",
    ),
]

PREFIXES: list[Any] = []
