"""Buying through the local checkout simulator on the running local stack: the Pay
button's signed events reach our webhook over HTTP, and credits, plan, ledger and
invoices follow."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.support.local_stack import StackProcess

pytestmark = pytest.mark.e2e
PASSWORD = "correct horse battery staple"


@pytest.fixture
def billing_stack(stack: StackProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=stack.url, timeout=30) as client:
        yield client


def verified_user(client: httpx.Client, email: str) -> dict[str, str]:
    signup = client.post(
        "/v1/auth/signup",
        json={
            "email": email,
            "password": PASSWORD,
            "name": "Buyer",
            "birth_date": "1990-01-01",
            "accept_policy_version": "2026-11-01",
        },
    )
    assert signup.status_code == 201, signup.text
    auth = {"Authorization": f"Bearer {signup.json()['token']}"}
    mail = next(m for m in client.get("/v1/dev/outbox").json()["data"] if m["to"] == email)
    code = re.search(r"\b(\d{6})\b", mail["body"]).group(1)
    assert client.post("/v1/auth/verify-email", json={"code": code}, headers=auth).is_success
    return auth


def buy(client: httpx.Client, auth: dict[str, str], product_id: str) -> dict:
    checkout = client.post(
        "/v1/billing/checkout",
        json={"product_id": product_id},
        headers={**auth, "Idempotency-Key": f"buy-{product_id}"},
    )
    assert checkout.status_code == 201, checkout.text
    url = checkout.json()["checkout_url"]
    page = client.get(url)
    assert page.status_code == 200 and "Pay" in page.text
    paid = client.post(url, json={"outcome": "paid"})
    assert paid.status_code == 200, paid.text
    return paid.json()


def test_buy_a_pack_and_a_plan_through_the_simulator(billing_stack: httpx.Client) -> None:
    client = billing_stack
    auth = verified_user(client, "e2e-buyer@example.com")
    delivered = buy(client, auth, "pack_small")["delivered"]
    assert [d["type"] for d in delivered] == [
        "checkout.session.completed",
        "payment_intent.succeeded",
    ]
    assert all(d["status"] == 200 for d in delivered)
    billing = client.get("/v1/billing", headers=auth).json()
    assert billing["credits"]["available"] == 250 and billing["plan"] == "free"

    assert all(d["status"] == 200 for d in buy(client, auth, "plan_creator")["delivered"])
    billing = client.get("/v1/billing", headers=auth).json()
    assert billing["plan"] == "plan_creator" and billing["credits"]["available"] == 1250
    assert billing["subscription"]["status"] == "active"

    ledger = client.get("/v1/billing/ledger", headers=auth, params={"limit": 2}).json()
    assert [e["credits"] for e in ledger["data"]] == [1000, 200]
    assert ledger["data"][0]["balance_after"] == 1250 and ledger["next_cursor"]
    rest = client.get(
        "/v1/billing/ledger", headers=auth, params={"cursor": ledger["next_cursor"]}
    ).json()
    assert [e["credits"] for e in rest["data"]] == [50] and rest["next_cursor"] is None
    invoices = client.get("/v1/billing/invoices", headers=auth).json()["data"]
    # Both were paid within seconds; Stripe's `created` has a one-second resolution.
    assert sorted((i["amount"], i["status"]) for i in invoices) == [(500, "paid"), (1200, "paid")]

    report = client.post("/v1/dev/run-jobs")
    assert report.status_code == 200
    assert report.json()["stripe_reconciler"]["applied"] == {}

    # Spend the bought credits: a paid-plan generation at high quality.
    created = client.post(
        "/v1/generations", json={"prompt": "a paid lighthouse", "quality": "high"}, headers=auth
    )
    assert created.status_code == 202, created.text
    cost = created.json()["cost"]["credits"]
    deadline = time.monotonic() + 60
    while (task := client.get(created.headers["location"], headers=auth).json())["status"] in (
        "queued",
        "running",
    ):
        assert time.monotonic() < deadline, task
        time.sleep(0.3)
    assert task["status"] == "succeeded" and task["cost"]["state"] == "captured"
    assert client.get("/v1/billing", headers=auth).json()["credits"] == {
        "available": 1250 - cost,
        "held": 0,
    }
