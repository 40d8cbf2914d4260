"""Local payment-customer adapter: records each call (user ids only) for tests and the
local stack, where no Stripe account exists."""

from __future__ import annotations

from chalicelib.observability import logger


class RecordingCustomers:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def delete_customer(self, user_id: str) -> None:
        self.calls.append(("delete_customer", user_id))
        logger.info("payment customer deleted", extra={"user_id": user_id})

    def update_customer_name(self, user_id: str, name: str) -> None:
        self.calls.append(("update_customer_name", user_id))
        logger.info("payment customer renamed", extra={"user_id": user_id})
