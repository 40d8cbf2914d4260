"""Support messages, child-account reports, admin routes, legal schedule and list."""

from chalicelib.privacy.data_map import load

ADMIN = "admin@example.com"  # in ADMIN_EMAILS (tests/conftest.py)


def test_support_messages_are_private(api):
    alice = api.verified_user("a@example.com")
    bob = api.verified_user("b@example.com")
    created = api.post("/v1/support/messages", {"subject": "Hi", "body": "Help"}, token=alice)
    assert created.status == 201 and created.json["status"] == "open"
    assert [m["id"] for m in api.get("/v1/support/messages", token=alice).json["data"]] == [
        created.json["id"]
    ]
    assert api.get("/v1/support/messages", token=bob).json["data"] == []
    assert api.post("/v1/support/messages", {"subject": "", "body": "x"}, token=alice).status == 422


def test_admin_routes_are_404_for_everyone_else(api):
    user = api.verified_user("u@example.com")
    for path in ("/v1/admin/privacy/requests", "/v1/admin/support/messages", "/v1/admin/reports"):
        assert api.get(path, token=user).status == 404
        assert api.get(path).status == 404
    assert api.post("/v1/admin/users/usr_x/suspend", token=user).status == 404


def test_child_report_is_always_202_and_confirmation_deletes_at_once(api):
    admin = api.verified_user(ADMIN)
    child = api.verified_user("kid@example.com")
    child_id = api.get("/v1/me", token=child).json["id"]
    for email in ("kid@example.com", "nobody@example.com"):
        response = api.post("/v1/reports/child-account", {"account_email": email})
        assert response.status == 202
    reports = api.get("/v1/admin/reports", token=admin).json["data"]
    assert len(reports) == 2
    report = next(r for r in reports if r["account_user_id"] == child_id)
    confirmed = api.post(f"/v1/admin/reports/{report['id']}/confirm", token=admin)
    assert confirmed.status == 200, confirmed.json
    assert confirmed.json["status"] == "confirmed"
    assert confirmed.json["account_user_id"].startswith("psn_")
    assert api.get("/v1/me", token=child).status == 401
    assert (
        api.post("/v1/auth/login", {"email": "kid@example.com", "password": "x" * 9}).json["code"]
        == "invalid_credentials"
    )
    again = api.post(f"/v1/admin/reports/{report['id']}/confirm", token=admin)
    assert again.status == 409


def test_suspend_and_overdue_requests(frozen_api, clock):
    admin = frozen_api.verified_user(ADMIN)
    user = frozen_api.verified_user("s@example.com")
    user_id = frozen_api.get("/v1/me", token=user).json["id"]
    suspended = frozen_api.post(f"/v1/admin/users/{user_id}/suspend", token=admin)
    assert suspended.status == 200 and suspended.json["suspended"] is True
    unsuspended = frozen_api.post(f"/v1/admin/users/{user_id}/unsuspend", token=admin)
    assert unsuspended.json["suspended"] is False
    assert frozen_api.post("/v1/admin/users/usr_missing/suspend", token=admin).status == 404
    created = frozen_api.post("/v1/privacy/requests", {"type": "export"}, token=user).json
    path = "/v1/admin/privacy/requests?overdue=true"
    first = frozen_api.get(path, token=admin)
    assert first.json["data"] == [], first.json
    clock.advance(days=30, minutes=1)
    password = "correct horse battery staple"
    admin = frozen_api.post("/v1/auth/login", {"email": ADMIN, "password": password}).json["token"]
    user = frozen_api.post("/v1/auth/login", {"email": "s@example.com", "password": password})
    user = user.json["token"]
    overdue = frozen_api.get(path, token=admin).json["data"]
    assert [r["id"] for r in overdue] == [created["id"]]
    frozen_api.post("/v1/support/messages", {"subject": "s", "body": "b"}, token=user)
    messages = frozen_api.get("/v1/admin/support/messages", token=admin).json["data"]
    assert [m["user_id"] for m in messages] == [user_id]


def test_retention_schedule_and_policy_come_from_the_map(api):
    schedule = api.get("/v1/legal/retention").json["data"]
    assert [row["category"] for row in schedule] == [c.category for c in load().retention_classes()]
    usage = next(row for row in schedule if row["category"] == "usage_events")
    assert usage["retention_days"] == 90
    policy = api.get("/v1/legal/privacy").json["body"]
    for row in schedule:
        assert row["description"] in policy


def test_subprocessors(api):
    data = api.get("/v1/legal/subprocessors").json["data"]
    names = " ".join(d["name"] for d in data)
    assert "OpenAI" in names and "Amazon" in names and "Stripe" in names
    for item in data:
        assert item["data_categories"] and item["location"] and item["transfer_mechanism"]
