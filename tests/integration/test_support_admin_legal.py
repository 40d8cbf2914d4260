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


def walk(api, path, token, limit):
    """Every page of an admin list: the ids on each page."""
    pages, cursor = [], None
    while True:
        query = f"limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        sep = "&" if "?" in path else "?"
        response = api.get(f"{path}{sep}{query}", token=token)
        assert response.status == 200, response.json
        pages.append([item["id"] for item in response.json["data"]])
        cursor = response.json["next_cursor"]
        if cursor is None:
            return pages


def test_admin_lists_are_paged(api):
    admin = api.verified_user(ADMIN)
    messages, requests = [], []
    for n in range(3):
        token = api.verified_user(f"p{n}@example.com")
        for subject in ("a", "b"):
            body = {"subject": subject, "body": "b"}
            messages.append(api.post("/v1/support/messages", body, token=token).json["id"])
        created = api.post("/v1/privacy/requests", {"type": "export"}, token=token)
        requests.append(created.json["id"])
        api.post("/v1/reports/child-account", {"account_email": f"p{n}@example.com"})
    reports = [r["id"] for r in api.get("/v1/admin/reports?limit=100", token=admin).json["data"]]
    assert len(reports) == 3
    for path, expected, sizes in (
        ("/v1/admin/support/messages", messages, [2, 2, 2]),
        ("/v1/admin/reports", reports, [2, 1]),
        ("/v1/admin/privacy/requests", requests, [2, 1]),
    ):
        pages = walk(api, path, admin, limit=2)
        assert [len(p) for p in pages] == sizes, (path, pages)
        assert sorted(i for p in pages for i in p) == sorted(expected), path
        whole = api.get(path, token=admin).json
        assert len(whole["data"]) == len(expected) and whole["next_cursor"] is None
    assert walk(api, "/v1/admin/privacy/requests?overdue=true", admin, limit=2) == [[]]
    for bad in ("limit=0", "limit=101", "cursor=nonsense", "cursor=e30="):
        response = api.get(f"/v1/admin/support/messages?{bad}", token=admin)
        assert response.status == 422, (bad, response.json)


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
