"""The port to the payment provider's customer records (Stripe), keyed by our user id:
deletion on erasure, name correction on `PATCH /v1/me`. The adapter is
`chalicelib.adapters.stripe_customers` (on Stripe, or on the local stand-in)."""

from __future__ import annotations

from typing import Protocol


class PaymentCustomers(Protocol):
    def delete_customer(self, user_id: str) -> None: ...

    def update_customer_name(self, user_id: str, name: str) -> None: ...
