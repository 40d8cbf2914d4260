"""The payment-customers port (`chalicelib.privacy.customers`) on Stripe: our user id
leads to the Stripe customer through the billing account; a user who never paid has
no customer and nothing to do."""

from __future__ import annotations

from typing import Any


class StripeCustomers:
    def __init__(self, stripe: Any, billing_store: Any) -> None:
        self._stripe = stripe
        self._billing = billing_store

    def _customer_id(self, user_id: str) -> str | None:
        account = self._billing.get_account(user_id)
        return account.customer_id if account is not None else None

    def delete_customer(self, user_id: str) -> None:
        customer_id = self._customer_id(user_id)
        if customer_id:
            self._stripe.delete_customer(customer_id)

    def update_customer_name(self, user_id: str, name: str) -> None:
        customer_id = self._customer_id(user_id)
        if customer_id:
            self._stripe.update_customer_name(customer_id, name)
