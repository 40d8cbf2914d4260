"""Signup, the age screen, email verification and the signup bonus."""

from datetime import date

from chalicelib.adapters.models.accounts import UserModel
from chalicelib.adapters.models.registry import ALL_MODELS
from tests.support.api import POLICY_VERSION


def scan_all_items():
    return [item for model in ALL_MODELS.values() for item in model.scan()]


def test_signup_returns_user_token_and_session_cookie(api):
    response = api.signup("Ann@Example.com", name="Ann")
    assert response.status == 201
    body = response.json
    assert body["user"]["email"] == "ann@example.com"
    assert body["user"]["email_verified"] is False
    assert body["user"]["credits"] == {"available": 0, "held": 0}
    assert body["user"]["policy"] == {
        "accepted_version": POLICY_VERSION,
        "current_version": POLICY_VERSION,
        "needs_acceptance": False,
    }
    assert len(body["token"]) >= 43
    cookie = response.header("set-cookie")
    assert cookie.startswith("session=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_only_the_birth_year_and_over_13_are_kept(api, services):
    api.signup("adult@example.com", birth="1990-07-14")
    user = services.accounts_store.find_user_by_email("adult@example.com")
    stored = UserModel.get(user.user_id, consistent_read=True).attribute_values
    assert stored["birth_year"] == 1990 and stored["over_13"] is True
    assert "1990-07-14" not in str(stored)


def test_under_13_is_refused_and_nothing_is_stored(api, services):
    today = services.clock.now().date()
    birth = date(today.year - 12, today.month, 1).isoformat()
    response = api.signup("kid@example.com", birth=birth)
    assert response.status == 403 and response.json["code"] == "age_restricted"
    assert scan_all_items() == []
    assert api.get("/v1/dev/outbox").json["data"] == []
    gate = response.header("set-cookie")
    assert gate.startswith("age_gate=1") and "Max-Age=86400" in gate
    again = api.signup("kid@example.com", birth="1990-01-01", headers={"cookie": "age_gate=1"})
    assert again.status == 403 and again.json["code"] == "age_restricted"
    assert scan_all_items() == []


def test_signup_without_the_gate_cookie_still_works(api):
    assert api.signup("grown@example.com", birth="1990-01-01").status == 201


def test_email_taken_is_409_case_insensitively(api):
    assert api.signup("dup@example.com").status == 201
    response = api.signup("DUP@example.com")
    assert response.status == 409 and response.json["code"] == "email_taken"


def test_password_rules(api):
    for password in ("short", "x" * 129, "password1234"):
        response = api.signup(f"p{len(password)}@example.com", password=password)
        assert response.status == 422
        assert response.json["errors"][0]["field"] == "password"


def test_policy_version_must_be_current(api):
    response = api.post(
        "/v1/auth/signup",
        {
            "email": "old@example.com",
            "password": "violet kettle under moons",
            "name": "Old",
            "birth_date": "1990-01-01",
            "accept_policy_version": "2020-01-01",
        },
    )
    assert response.status == 422
    assert response.json["errors"][0]["field"] == "accept_policy_version"


def test_verification_grants_the_bonus_once(api, services):
    token = api.signup("v@example.com").json["token"]
    code = api.last_code("v@example.com")
    first = api.post("/v1/auth/verify-email", {"code": code}, token=token)
    assert first.status == 200
    assert first.json["user"]["email_verified"] is True
    assert first.json["user"]["credits"]["available"] == 50
    again = api.post("/v1/auth/verify-email", {"code": code}, token=token)
    assert again.status == 200 and again.json["user"]["credits"]["available"] == 50
    user_id = first.json["user"]["id"]
    entries = list(services.ledger_store.entries(user_id))
    assert [(e.type, e.credits, e.balance_after) for e in entries] == [("grant", 50, 50)]


def test_wrong_code_five_times_locks_the_code(api):
    token = api.signup("w@example.com").json["token"]
    code = api.last_code("w@example.com")
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        response = api.post("/v1/auth/verify-email", {"code": wrong}, token=token)
        assert response.status == 422 and response.json["code"] == "invalid_code"
    locked = api.post("/v1/auth/verify-email", {"code": code}, token=token)
    assert locked.status == 422 and locked.json["code"] == "invalid_code"
    assert api.post("/v1/auth/verify-email/resend", token=token).status == 202
    fresh = api.last_code("w@example.com")
    assert api.post("/v1/auth/verify-email", {"code": fresh}, token=token).status == 200


def test_code_expires_after_ten_minutes(frozen_api, clock):
    token = frozen_api.signup("e@example.com").json["token"]
    code = frozen_api.last_code("e@example.com")
    clock.advance(minutes=10, seconds=1)
    response = frozen_api.post("/v1/auth/verify-email", {"code": code}, token=token)
    assert response.status == 422 and response.json["code"] == "invalid_code"


def test_code_is_stored_hashed(api, services):
    api.signup("h@example.com")
    code = api.last_code("h@example.com")
    user = services.accounts_store.find_user_by_email("h@example.com")
    assert code not in str(UserModel.get(user.user_id, consistent_read=True).attribute_values)
