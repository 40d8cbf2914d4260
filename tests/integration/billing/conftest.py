"""Billing fixtures: a verified buyer with a Stripe customer, the fake Stripe server with
the real SDK pointed at it, and webhook delivery signed at test time. After every test,
every user's ledger sums to their balance."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from chalicelib.adapters.stripe_gateway import StripeGateway
from tests.support.fake_stripe import FakeStripe
from tests.support.ledger import assert_all_ledgers_balanced
from tests.support.stripe_events import SECRET, deliver


@pytest.fixture(autouse=True)
def ledgers_balanced(aws: None) -> Iterator[None]:
    yield
    assert_all_ledgers_balanced()


@dataclass
class Buyer:
    token: str
    user_id: str
    customer: str


@pytest.fixture
def make_buyer(frozen_api, frozen_services, clock):
    def make(email: str) -> Buyer:
        token = frozen_api.verified_user(email)
        user_id = frozen_api.get("/v1/me", token=token).json["id"]
        customer = f"cus_{user_id[-12:]}"
        frozen_services.billing_store.set_customer(user_id, customer, clock.now())
        return Buyer(token, user_id, customer)

    return make


@pytest.fixture
def buyer(make_buyer) -> Buyer:
    return make_buyer("buyer@example.com")


@pytest.fixture
def fake_stripe(frozen_services) -> Iterator[FakeStripe]:
    with FakeStripe() as fake:
        frozen_services.overrides["stripe"] = StripeGateway(lambda: "sk_test_fake", fake.url)
        yield fake


@pytest.fixture
def now(clock) -> int:
    return int(clock.now().timestamp())


@pytest.fixture
def hook(frozen_api, clock):
    def send(evt: dict[str, Any], secret: str = SECRET, at: int | None = None) -> Any:
        return deliver(frozen_api, evt, int(clock.now().timestamp()) if at is None else at, secret)

    return send


@pytest.fixture
def balance(frozen_api):
    def read(buyer: Buyer) -> int:
        return int(frozen_api.get("/v1/billing", token=buyer.token).json["credits"]["available"])

    return read
