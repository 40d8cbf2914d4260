"""Billing for the signed-in user: the catalogue, Checkout Sessions (mode payment for
credit packs, subscription for plans), the Customer Portal and the billing summary.
Stripe holds the money and the billing contact; we keep the customer id only."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from chalicelib.clock import Clock
from chalicelib.domain.accounts_entities import User
from chalicelib.domain.catalogue import PRODUCTS, Product, is_purchasable
from chalicelib.domain.cursors import Page
from chalicelib.domain.json_types import JSONObject
from chalicelib.domain.ledger import LedgerEntry
from chalicelib.domain.ports.billing import BillingRecords, StripeApi
from chalicelib.domain.ports.ledger import Ledger
from chalicelib.domain.purchases import BillingAccount, Invoice
from chalicelib.errors import Conflict, Unprocessable

ACTIVE_STATUSES = ("active", "trialing", "past_due")


def is_suspended(user: User) -> bool:
    """Generation is refused (403 `account_suspended`) while this is true: an admin
    suspension, or a negative balance after a chargeback clawback, until settled.
    Billing also sets `user.suspended` for the latter, so reading that flag agrees."""
    return user.suspended or user.credits_available < 0


def stripe_idempotency_key(*parts: str) -> str:
    """A Stripe Idempotency-Key derived from our request, so a retry of the same request
    cannot create a second Checkout Session."""
    return "gi2-" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:48]


def checkout_params(
    product: Product, user_id: str, customer_id: str, return_url: str
) -> JSONObject:
    """The Checkout Session, in Stripe's parameter names. Prices come from the catalogue
    (inline price_data), so the catalogue stays the one source of prices."""
    price: JSONObject = {
        "currency": product.currency,
        "unit_amount": product.amount,
        "product_data": {"name": product.name, "metadata": {"product_id": product.id}},
    }
    metadata = {"product_id": product.id, "user_id": user_id}
    params: JSONObject = {
        "mode": "subscription" if product.kind == "plan" else "payment",
        "customer": customer_id,
        "client_reference_id": user_id,
        "metadata": metadata,
        "line_items": [{"price_data": price, "quantity": 1}],
        "success_url": f"{return_url}?checkout=success&session_id={{CHECKOUT_SESSION_ID}}",
        "cancel_url": f"{return_url}?checkout=canceled",
    }
    if product.kind == "plan":
        price["recurring"] = {"interval": product.interval or "month"}
        params["subscription_data"] = {"metadata": metadata}
    else:
        params["payment_intent_data"] = {"metadata": metadata}
    return params


@dataclass(frozen=True, slots=True, kw_only=True)
class BillingContact:
    """Read from Stripe, which keeps it; we store only the customer id."""

    provider: str = "stripe"
    customer_id: str
    name: str | None
    email: str | None
    country: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class BillingOverview:
    """What the user's billing page shows: plan and credits (the user's), the
    subscription (the billing account's), the contact, and whether generation is
    suspended."""

    user: User
    account: BillingAccount | None
    contact: BillingContact | None
    suspended: bool


class BillingService:
    def __init__(
        self,
        store: BillingRecords,
        ledger: Ledger,
        stripe: StripeApi,
        clock: Clock,
        return_url: str,
    ) -> None:
        self._store = store
        self._ledger = ledger
        self._stripe = stripe
        self._clock = clock
        self._return_url = return_url

    def ledger(self, user: User, limit: int, cursor: str | None) -> Page[LedgerEntry]:
        """The user's ledger entries, newest first, with the balance after each."""
        return self._ledger.page(user.user_id, limit, cursor)

    def invoices(self, user: User, limit: int, cursor: str | None) -> Page[Invoice]:
        return self._store.invoices_page(user.user_id, limit, cursor)

    def summary(self, user: User) -> BillingOverview:
        account = self._store.get_account(user.user_id)
        contact = None
        if account is not None and account.customer_id:
            contact = self._contact(account.customer_id)
        return BillingOverview(
            user=user, account=account, contact=contact, suspended=is_suspended(user)
        )

    def _contact(self, customer_id: str) -> BillingContact:
        """The billing contact is Stripe's (we keep only the customer id): read it there."""
        customer = self._stripe.get_customer(customer_id) or {}
        address = customer.get("address") or {}
        return BillingContact(
            customer_id=customer_id,
            name=customer.get("name"),
            email=customer.get("email"),
            country=address.get("country"),
        )

    def checkout(self, user: User, product_id: str, request_key: str) -> JSONObject:
        product = PRODUCTS[product_id]
        if not is_purchasable(product):
            raise Unprocessable("This product needs no checkout.", code="not_purchasable")
        account = self._store.get_account(user.user_id)
        if (
            product.kind == "plan"
            and account is not None
            and account.subscription_status in ACTIVE_STATUSES
        ):
            raise Conflict(
                "You already have a plan; change it in the billing portal.",
                code="subscription_exists",
            )
        customer_id = self._customer(user, account)
        params = checkout_params(product, user.user_id, customer_id, self._return_url)
        key = stripe_idempotency_key("checkout", user.user_id, product_id, request_key)
        session = self._stripe.create_checkout_session(params, key)
        return {"checkout_url": session["url"], "session_id": session["id"]}

    def portal(self, user: User) -> JSONObject:
        customer_id = self._customer(user, self._store.get_account(user.user_id))
        return {"url": self._stripe.create_portal_session(customer_id, self._return_url)}

    def _customer(self, user: User, account: BillingAccount | None) -> str:
        """The user's Stripe customer, created once (Stripe idempotency key and a
        conditional write make concurrent first checkouts agree on one)."""
        if account is not None and account.customer_id:
            return account.customer_id
        created = self._stripe.create_customer(
            user.user_id, user.email, stripe_idempotency_key("customer", user.user_id)
        )
        return self._store.set_customer(user.user_id, created, self._clock.now())
