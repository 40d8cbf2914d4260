"""Restriction and lift apply at once; correction reaches every copy of the name."""

from chalicelib.privacy import correction
from chalicelib.privacy.data_map import TableEntry


def test_restriction_blocks_correction_and_usage_events_until_lifted(api):
    token = api.verified_user("r@example.com")
    api.put(
        "/v1/consent", {"functional": False, "analytics": True, "marketing": False}, token=token
    )
    event = {"events": [{"type": "page_view", "name": "/"}]}
    assert api.post("/v1/events", event, token=token).json == {"accepted": 1, "recorded": 1}

    restricted = api.post("/v1/privacy/requests", {"type": "restriction"}, token=token)
    assert restricted.status == 200
    assert restricted.json["status"] == "completed" and restricted.json["completed_at"]
    assert api.get("/v1/me", token=token).json["restricted"] is True
    patch = api.patch("/v1/me", {"name": "New"}, token=token)
    assert patch.status == 409 and patch.json["code"] == "processing_restricted"
    assert api.post("/v1/events", event, token=token).json == {"accepted": 1, "recorded": 0}

    lifted = api.post("/v1/privacy/requests", {"type": "restriction_lift"}, token=token)
    assert lifted.status == 200 and lifted.json["status"] == "completed"
    assert api.get("/v1/me", token=token).json["restricted"] is False
    assert api.patch("/v1/me", {"name": "New"}, token=token).status == 200
    listed = api.get("/v1/privacy/requests", token=token).json
    assert [r["type"] for r in listed["data"]] == ["restriction_lift", "restriction"]


def test_requests_are_private_and_idempotent(api):
    alice = api.verified_user("alice@example.com")
    bob = api.verified_user("bob@example.com")
    headers = {"Idempotency-Key": "k-1"}
    first = api.post("/v1/privacy/requests", {"type": "export"}, token=alice, headers=headers)
    replay = api.post("/v1/privacy/requests", {"type": "export"}, token=alice, headers=headers)
    assert first.status == replay.status == 202 and first.json == replay.json
    other = api.post("/v1/privacy/requests", {"type": "restriction"}, token=alice, headers=headers)
    assert other.status == 409 and other.json["code"] == "idempotency_key_reused"
    assert api.get(f"/v1/privacy/requests/{first.json['id']}", token=bob).status == 404
    assert api.post("/v1/privacy/requests", {"type": "nope"}, token=alice).status == 422


def test_correction_updates_the_payment_customer(api, services):
    token = api.verified_user("c@example.com")
    assert api.post("/v1/billing/checkout", {"product_id": "pack_small"}, token=token).status == 201
    customer = api.get("/v1/billing", token=token).json["billing_contact"]["customer_id"]
    assert api.patch("/v1/me", {"name": "Corrected Name"}, token=token).json["name"] == (
        "Corrected Name"
    )
    assert services.stripe.get_customer(customer)["name"] == "Corrected Name"


def test_correction_follows_mirrors_declared_in_the_map(api, services):
    token = api.verified_user("m@example.com")
    user = services.accounts_store.get_user(api.get("/v1/me", token=token).json["id"])
    calls = []

    class Tables:
        def find(self, entry, subject):
            return [subject.name]

        def set_attribute(self, entry, items, name, value):
            calls.append((entry.table, list(items), name, value))

    mirror = TableEntry(
        "invoices", "", "", "contract", "transactions", {}, None, None, None,
        mirrors={"customer_name": "name"},
    )  # fmt: skip
    data_map = type("M", (), {"tables": (mirror,)})()
    correction.ProfileCorrection(
        services.accounts, Tables(), services.payment_customers, data_map
    ).correct(user, "Neu", None)
    assert calls == [("invoices", ["Test Person"], "customer_name", "Neu")]
