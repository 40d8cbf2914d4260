"""Stripe API calls through the stripe SDK, imported on first use (never on the API's
cold start). `STRIPE_API_BASE` points the SDK at another server (a fake one in tests).
The local stack brings its own stand-in behind the same port
(`chalicelib.domain.ports.billing.StripeApi`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stripe._base_address import BaseAddresses


def _plain(obj: Any) -> dict[str, Any]:
    return dict(obj.to_dict(recursive=True)) if hasattr(obj, "to_dict") else dict(obj)


class StripeGateway:
    def __init__(self, secret_key: Callable[[], str], api_base: str = "") -> None:
        """`secret_key` is read on each call (cached by the secrets adapter), so a
        rotated key is used once its cache expires."""
        self._secret_key = secret_key
        self._api_base = api_base
        self._clients: dict[str, Any] = {}

    @property
    def _client(self) -> Any:
        key = self._secret_key()
        if key not in self._clients:
            import stripe

            base: BaseAddresses | None = {"api": self._api_base} if self._api_base else None
            self._clients = {
                key: stripe.StripeClient(key, base_addresses=base, max_network_retries=2)
            }
        return self._clients[key]

    def create_customer(self, user_id: str, email: str, idempotency_key: str) -> str:
        customer = self._client.v1.customers.create(
            {"email": email, "metadata": {"user_id": user_id}},
            {"idempotency_key": idempotency_key},
        )
        return str(customer.id)

    def create_checkout_session(
        self, params: dict[str, Any], idempotency_key: str
    ) -> dict[str, Any]:
        session = self._client.v1.checkout.sessions.create(
            params, {"idempotency_key": idempotency_key}
        )
        return _plain(session)

    def create_portal_session(self, customer_id: str, return_url: str) -> str:
        portal = self._client.v1.billing_portal.sessions.create(
            {"customer": customer_id, "return_url": return_url}
        )
        return str(portal.url)

    def get_customer(self, customer_id: str) -> dict[str, Any] | None:
        import stripe

        try:
            customer = _plain(self._client.v1.customers.retrieve(customer_id))
        except stripe.InvalidRequestError as exc:
            if exc.code == "resource_missing":
                return None
            raise
        return None if customer.get("deleted") else customer

    def update_customer_name(self, customer_id: str, name: str) -> None:
        self._client.v1.customers.update(customer_id, {"name": name})

    def delete_customer(self, customer_id: str) -> None:
        import stripe

        try:
            self._client.v1.customers.delete(customer_id)
        except stripe.InvalidRequestError as exc:
            if exc.code != "resource_missing":  # already deleted: the goal is reached
                raise

    def list_events(self, created_gte: int) -> Iterator[dict[str, Any]]:
        page = self._client.v1.events.list({"created": {"gte": created_gte}, "limit": 100})
        for event in page.auto_paging_iter():
            yield _plain(event)

    def session_for_payment_intent(self, payment_intent: str) -> dict[str, Any] | None:
        found = self._client.v1.checkout.sessions.list(
            {"payment_intent": payment_intent, "limit": 1}
        )
        return _plain(found.data[0]) if found.data else None

    def invoice_for_payment_intent(self, payment_intent: str) -> dict[str, Any] | None:
        payments = self._client.v1.invoice_payments.list(
            {"payment": {"type": "payment_intent", "payment_intent": payment_intent}, "limit": 1}
        )
        if not payments.data:
            return None
        invoice_id = payments.data[0].invoice
        invoice_id = invoice_id if isinstance(invoice_id, str) else invoice_id.id
        return _plain(self._client.v1.invoices.retrieve(invoice_id))
