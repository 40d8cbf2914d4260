"""Consent for visitors and users (GPC, merge at sign-in) and usage events."""

from datetime import timedelta

from chalicelib.adapters.models.engagement import ConsentRecordModel, UsageEventModel

CHOICE = {"functional": True, "analytics": True, "marketing": True}


def cookie_of(response):
    for value in response.header_values("set-cookie"):
        if value.startswith("consent_id="):
            return value.split(";")[0]
    raise AssertionError("no consent_id cookie")


def test_visitor_defaults_then_explicit_choice(api):
    first = api.get("/v1/consent")
    assert first.json["method"] == "default" and first.json["categories"] == {
        "necessary": True, "functional": False, "analytics": False, "marketing": False,
    }  # fmt: skip
    cookie = cookie_of(first)
    put = api.put("/v1/consent", CHOICE, headers={"cookie": cookie})
    assert put.json["method"] == "explicit" and put.json["categories"]["marketing"] is True
    assert put.json["consent_id"] == first.json["consent_id"]
    assert put.json["policy_version"] == "2026-11-01"
    again = api.get("/v1/consent", headers={"cookie": cookie}).json
    assert again["categories"] == put.json["categories"]
    assert api.put("/v1/consent", {"analytics": True}).status == 422


def test_a_dead_session_asks_as_a_visitor(api):
    """A revoked or expired session (an account just deleted) is a visitor's consent."""
    answer = api.get("/v1/consent", token="not-a-live-session")
    assert answer.status == 200 and answer.json["method"] == "default"
    put = api.put("/v1/consent", CHOICE, token="not-a-live-session")
    assert put.status == 200 and put.json["method"] == "explicit"


def test_gpc_forces_marketing_off_and_is_recorded(api):
    cookie = cookie_of(api.get("/v1/consent"))
    put = api.put("/v1/consent", CHOICE, headers={"cookie": cookie, "sec-gpc": "1"})
    assert put.json["categories"]["marketing"] is False
    assert put.json["method"] == "gpc" and put.json["gpc"] is True
    # A stored marketing opt-in is switched off when a later request carries GPC.
    api.put("/v1/consent", CHOICE, headers={"cookie": cookie})
    got = api.get("/v1/consent", headers={"cookie": cookie, "sec-gpc": "1"}).json
    assert got["categories"]["marketing"] is False and got["method"] == "gpc"
    subject = got["consent_id"]
    methods = [r.method for r in ConsentRecordModel.query(subject)]
    assert methods == ["gpc", "explicit", "gpc"]
    assert api.get("/.well-known/gpc.json").json["gpc"] is True


def test_visitor_choice_merges_into_the_account_at_login(api):
    token = api.verified_user("merge@example.com")
    assert api.get("/v1/consent", token=token).json["method"] == "default"
    cookie = cookie_of(api.get("/v1/consent"))
    api.put("/v1/consent", {**CHOICE, "marketing": False}, headers={"cookie": cookie})
    login = api.post(
        "/v1/auth/login",
        {"email": "merge@example.com", "password": "correct horse battery staple"},
        headers={"cookie": cookie},
    )
    mine = api.get("/v1/consent", token=login.json["token"]).json
    assert mine["categories"]["analytics"] is True and mine["method"] == "explicit"


def test_events_need_analytics_consent_and_are_reduced(api):
    token = api.verified_user("ev@example.com")
    user_id = api.get("/v1/me", token=token).json["id"]
    body = {
        "events": [
            {"type": "page_view", "name": "/", "occurred_at": "2026-11-28T11:00:00Z"},
            {"type": "performance", "name": "lcp", "properties": {"ms": 812}},
        ]
    }
    headers = {
        "user-agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15"
        " (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
        "cloudfront-viewer-country": "DE",
    }
    assert api.post("/v1/events", body, token=token).json == {"accepted": 2, "recorded": 0}
    api.put("/v1/consent", {**CHOICE, "analytics": True}, token=token)
    assert api.post("/v1/events", body, token=token, headers=headers).json["recorded"] == 2
    stored = list(UsageEventModel.query(user_id))
    assert {e.country for e in stored} == {"DE"}
    assert {e.browser_family for e in stored} == {"Mobile Safari"}
    assert {e.device_class for e in stored} == {"mobile"}
    # chalice's test client reports 127.0.0.1 as the source address.
    assert {e.ip_prefix for e in stored} == {"127.0.0.0/24"}
    ninety = timedelta(days=90)
    assert all(abs(e.expires - e.received_at - ninety) < timedelta(seconds=1) for e in stored)


def test_event_limits(api):
    many = {"events": [{"type": "page_view", "name": "/"}] * 51}
    assert api.post("/v1/events", many).status == 422
    big = {"events": [{"type": "page_view", "name": "/", "properties": {"x": "y" * 66000}}]}
    response = api.post("/v1/events", big)
    assert response.status == 413 and response.json["code"] == "payload_too_large"
    bad_time = {"events": [{"type": "page_view", "name": "/", "occurred_at": "yesterday"}]}
    assert api.post("/v1/events", bad_time).status == 422
    # A visitor without analytics consent: accepted, nothing recorded.
    assert api.post("/v1/events", {"events": [{"type": "page_view", "name": "/"}]}).json == {
        "accepted": 1, "recorded": 0,
    }  # fmt: skip
