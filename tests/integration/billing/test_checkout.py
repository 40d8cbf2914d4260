"""Catalogue, checkout (real stripe SDK against the fake Stripe server), portal, local
simulator page, and no card data anywhere in storage."""

from chalicelib.domain.catalogue import PRODUCTS
from devstack.stripe_stand_in import LocalStripe
from tests.support import stripe_events as se
from tests.support.tables import card_numbers, stored_card_numbers


def test_products_come_from_the_catalogue(frozen_api):
    data = frozen_api.get("/v1/billing/products").json["data"]
    assert [p["id"] for p in data] == list(PRODUCTS)
    plans = [p for p in data if p["kind"] == "plan"]
    assert {"free", "plan_creator", "plan_studio"} <= {p["id"] for p in plans}
    assert all(p["interval"] == "month" for p in plans)
    pack = next(p for p in data if p["id"] == "pack_small")
    assert pack == {
        "id": "pack_small",
        "kind": "credit_pack",
        "name": "200 credits",
        "credits": 200,
        "price": {"amount": 500, "currency": "usd"},
    }


def test_billing_summary_for_a_new_user(frozen_api):
    token = frozen_api.verified_user("new@example.com")
    body = frozen_api.get("/v1/billing", token=token).json
    assert body["plan"] == "free" and body["credits"] == {"available": 50, "held": 0}
    assert body["subscription"] is None and body["billing_contact"] is None


def test_pack_checkout_creates_a_payment_session(frozen_api, fake_stripe):
    token = frozen_api.verified_user("pack@example.com")
    user_id = frozen_api.get("/v1/me", token=token).json["id"]
    response = frozen_api.post("/v1/billing/checkout", {"product_id": "pack_small"}, token=token)
    assert response.status == 201
    assert response.json["checkout_url"].startswith("https://checkout.stripe.com/")
    [call] = fake_stripe.calls("POST", "/v1/checkout/sessions")
    params = call["params"]
    assert params["mode"] == "payment"
    assert params["client_reference_id"] == user_id
    assert params["metadata[product_id]"] == "pack_small"
    assert params["line_items[0][price_data][unit_amount]"] == "500"
    assert params["customer"].startswith("cus_")
    assert call["idempotency_key"].startswith("gi2-")
    assert call["authorization"] == "Bearer sk_test_fake"
    # A second checkout reuses the customer.
    frozen_api.post("/v1/billing/checkout", {"product_id": "pack_large"}, token=token)
    assert len(fake_stripe.calls("POST", "/v1/customers")) == 1
    second = fake_stripe.calls("POST", "/v1/checkout/sessions")[1]["params"]
    assert second["customer"] == params["customer"]
    contact = frozen_api.get("/v1/billing", token=token).json["billing_contact"]
    assert contact == {
        "provider": "stripe",
        "customer_id": params["customer"],
        "name": None,
        "email": "pack@example.com",
        "country": None,
    }


def test_plan_checkout_creates_a_subscription_session(frozen_api, fake_stripe):
    token = frozen_api.verified_user("plan@example.com")
    response = frozen_api.post("/v1/billing/checkout", {"product_id": "plan_studio"}, token=token)
    assert response.status == 201
    params = fake_stripe.calls("POST", "/v1/checkout/sessions")[0]["params"]
    assert params["mode"] == "subscription"
    assert params["line_items[0][price_data][recurring][interval]"] == "month"
    assert params["subscription_data[metadata][product_id]"] == "plan_studio"


def test_idempotency_key_replays_and_derives_the_stripe_key(frozen_api, fake_stripe):
    token = frozen_api.verified_user("idem@example.com")
    headers = {"Idempotency-Key": "buy-1"}
    body = {"product_id": "pack_medium"}
    first = frozen_api.post("/v1/billing/checkout", body, token=token, headers=headers)
    again = frozen_api.post("/v1/billing/checkout", body, token=token, headers=headers)
    assert first.status == again.status == 201 and first.json == again.json
    assert len(fake_stripe.calls("POST", "/v1/checkout/sessions")) == 1
    other = frozen_api.post(
        "/v1/billing/checkout", {"product_id": "pack_small"}, token=token, headers=headers
    )
    assert other.status == 409 and other.json["code"] == "idempotency_key_reused"


def test_stripe_idempotency_key_is_derived_from_our_request(frozen_services, fake_stripe, buyer):
    user = frozen_services.accounts_store.get_user(buyer.user_id)
    first = frozen_services.billing.checkout(user, "pack_small", "request-1")
    retry = frozen_services.billing.checkout(user, "pack_small", "request-1")
    other = frozen_services.billing.checkout(user, "pack_small", "request-2")
    keys = [c["idempotency_key"] for c in fake_stripe.calls("POST", "/v1/checkout/sessions")]
    assert keys[0] == keys[1] != keys[2]
    assert first == retry != other


def test_bad_products_and_portal(frozen_api, fake_stripe):
    token = frozen_api.verified_user("bad@example.com")
    unknown = frozen_api.post("/v1/billing/checkout", {"product_id": "nope"}, token=token)
    assert unknown.status == 422 and unknown.json["errors"][0]["field"] == "product_id"
    free = frozen_api.post("/v1/billing/checkout", {"product_id": "free"}, token=token)
    assert free.status == 422 and free.json["code"] == "not_purchasable"
    extra = frozen_api.post(
        "/v1/billing/checkout", {"product_id": "pack_small", "x": 1}, token=token
    )
    assert extra.status == 422
    assert frozen_api.post("/v1/billing/checkout", {"product_id": "pack_small"}).status == 401
    portal = frozen_api.post("/v1/billing/portal", token=token)
    assert portal.status == 200 and portal.json["url"].startswith("https://billing.stripe.com/")


def test_local_checkout_points_to_the_simulator(frozen_api, frozen_services):
    assert isinstance(frozen_services.stripe, LocalStripe)
    token = frozen_api.verified_user("local@example.com")
    body = frozen_api.post("/v1/billing/checkout", {"product_id": "pack_small"}, token=token).json
    assert body["checkout_url"].endswith(f"/v1/dev/checkout/{body['session_id']}")
    page = frozen_api.get(f"/v1/dev/checkout/{body['session_id']}")
    assert page.status == 200 and page.header("content-type").startswith("text/html")
    assert b"Pay" in page.body and b"5.00 USD" in page.body
    # after paying, the page goes back to the site, as Stripe Checkout does
    back = f'location.assign("{frozen_services.settings.public_base_url}/billing?checkout=success'
    assert f'{back}&session_id={body["session_id"]}")'.encode() in page.body
    assert b"/billing?checkout=canceled" in page.body
    assert frozen_api.get("/v1/dev/checkout/cs_nope").status == 404


def test_simulator_pays_and_delivers_signed_events(frozen_api, frozen_services):
    delivered = []

    class Sender:
        def send(self, payload, signature):
            delivered.append(signature)
            return frozen_api.post(
                "/v1/webhooks/stripe", raw=payload, headers={"stripe-signature": signature}
            ).status

    frozen_services.overrides["webhook_sender"] = Sender()
    token = frozen_api.verified_user("sim@example.com")
    session = frozen_api.post(
        "/v1/billing/checkout", {"product_id": "pack_medium"}, token=token
    ).json["session_id"]
    paid = frozen_api.post(f"/v1/dev/checkout/{session}", {"outcome": "paid"})
    assert paid.status == 200
    assert [d["status"] for d in paid.json["delivered"]] == [200, 200]
    assert all(s.startswith("t=") and ",v1=" in s for s in delivered)
    assert frozen_api.get("/v1/billing", token=token).json["credits"]["available"] == 1050
    again = frozen_api.post(f"/v1/dev/checkout/{session}", {"outcome": "paid"})
    assert again.json["delivered"] == []


def test_no_card_number_is_ever_stored(frozen_api, buyer, hook, now):
    session = se.checkout_session(buyer.user_id, "pack_small", buyer.customer, now)
    session["payment_method_details"] = {"card": {"number": "4242 4242 4242 4242"}}
    hook(se.event("checkout.session.completed", session, now))
    charge = se.charge(session["payment_intent"], 500, 100, buyer.customer, now)
    hook(se.event("charge.refunded", charge, now, previous={"amount_refunded": 0}))
    assert list(stored_card_numbers()) == []


def test_the_card_scanner_finds_card_numbers():
    assert card_numbers('{"n": "4242 4242 4242 4242"}') == ["4242424242424242"]
    assert card_numbers('{"n": "5555-5555-5555-4444"}') == ["5555555555554444"]
    assert card_numbers('{"n": "4242424242424241", "id": "led_0123456789012345"}') == []


def test_correction_and_erasure_reach_the_stripe_customer(frozen_api, fake_stripe, clock):
    token = frozen_api.verified_user("gone@example.com")
    frozen_api.post("/v1/billing/checkout", {"product_id": "pack_small"}, token=token)
    customer = frozen_api.get("/v1/billing", token=token).json["billing_contact"]["customer_id"]
    assert frozen_api.patch("/v1/me", {"name": "New Name"}, token=token).status == 200
    assert fake_stripe.calls("POST", f"/v1/customers/{customer}")[0]["params"] == {
        "name": "New Name"
    }
    assert frozen_api.get("/v1/billing", token=token).json["billing_contact"]["name"] == "New Name"
    deletion = frozen_api.post("/v1/privacy/requests", {"type": "deletion"}, token=token)
    assert deletion.status == 202, deletion.json
    clock.advance(days=7, minutes=1)
    assert frozen_api.post("/v1/dev/run-jobs").json["deletion_executor"]["deleted_accounts"] == 1
    assert len(fake_stripe.calls("DELETE", f"/v1/customers/{customer}")) == 1
    assert customer not in fake_stripe.customers
