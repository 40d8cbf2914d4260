"""Password reset and change, rehash on login, forgot without enumeration."""

import re

from chalicelib.adapters.password_hasher import Argon2Hasher
from chalicelib.services import Services, set_services
from tests.support.api import PASSWORD

NEW = "a brand new passphrase 42"


def reset_token(api, email):
    body = api.last_email(email)["body"]
    return re.search(r"token=([\w-]+)", body).group(1)


def test_forgot_is_202_whether_or_not_the_account_exists(api):
    api.signup("known@example.com")
    known = api.post("/v1/auth/password/forgot", {"email": "known@example.com"})
    unknown = api.post("/v1/auth/password/forgot", {"email": "ghost@example.com"})
    assert known.status == unknown.status == 202
    assert known.body == unknown.body
    assert all(m["to"] != "ghost@example.com" for m in api.get("/v1/dev/outbox").json["data"])


def test_reset_revokes_every_session_and_is_single_use(api):
    first = api.signup("r@example.com").json["token"]
    api.post("/v1/auth/password/forgot", {"email": "r@example.com"})
    token = reset_token(api, "r@example.com")
    weak = api.post("/v1/auth/password/reset", {"token": token, "new_password": "short"})
    assert weak.status == 422
    ok = api.post("/v1/auth/password/reset", {"token": token, "new_password": NEW})
    assert ok.status == 204
    assert api.get("/v1/me", token=first).status == 401
    again = api.post("/v1/auth/password/reset", {"token": token, "new_password": NEW + "x"})
    assert again.status == 422 and again.json["code"] == "invalid_token"
    assert (
        api.post("/v1/auth/login", {"email": "r@example.com", "password": PASSWORD}).status == 401
    )
    assert api.post("/v1/auth/login", {"email": "r@example.com", "password": NEW}).status == 200


def test_reset_token_expires_after_an_hour(frozen_api, clock):
    frozen_api.signup("x@example.com")
    frozen_api.post("/v1/auth/password/forgot", {"email": "x@example.com"})
    token = reset_token(frozen_api, "x@example.com")
    clock.advance(hours=1, seconds=1)
    response = frozen_api.post("/v1/auth/password/reset", {"token": token, "new_password": NEW})
    assert response.status == 422 and response.json["code"] == "invalid_token"


def test_bad_token_is_invalid(api):
    response = api.post("/v1/auth/password/reset", {"token": "made-up", "new_password": NEW})
    assert response.status == 422 and response.json["code"] == "invalid_token"


def test_change_revokes_other_sessions_only(api):
    current = api.signup("ch@example.com").json["token"]
    other = api.post("/v1/auth/login", {"email": "ch@example.com", "password": PASSWORD}).json[
        "token"
    ]
    wrong = api.post(
        "/v1/auth/password/change",
        {"current_password": "wrong one!", "new_password": NEW},
        token=current,
    )
    assert wrong.status == 401 and wrong.json["code"] == "invalid_credentials"
    changed = api.post(
        "/v1/auth/password/change",
        {"current_password": PASSWORD, "new_password": NEW},
        token=current,
    )
    assert changed.status == 204
    assert api.get("/v1/me", token=current).status == 200
    assert api.get("/v1/me", token=other).status == 401
    events = [e["type"] for e in api.get("/v1/me/security-events", token=current).json["data"]]
    assert "password_changed" in events


def test_login_rehashes_when_parameters_rise(api, services):
    services.overrides["hasher"] = Argon2Hasher(memory_kib=8192, time_cost=1)
    api.signup("old@example.com")
    services = Services(services.settings)  # a new process: today's parameters
    set_services(services)
    assert (
        api.post("/v1/auth/login", {"email": "old@example.com", "password": PASSWORD}).status == 200
    )
    stored = services.accounts_store.find_user_by_email("old@example.com").password_hash
    assert stored.startswith("$argon2id$") and "m=19456,t=2,p=1" in stored


def test_login_with_wrong_password_or_unknown_email_looks_the_same(api):
    api.signup("same@example.com")
    wrong = api.post("/v1/auth/login", {"email": "same@example.com", "password": "not it at all"})
    unknown = api.post("/v1/auth/login", {"email": "nobody@example.com", "password": "whatever1"})
    assert wrong.status == unknown.status == 401
    assert wrong.json["code"] == unknown.json["code"] == "invalid_credentials"
    assert wrong.json["detail"] == unknown.json["detail"]


def test_security_events_record_each_kind_with_an_ip_prefix(api):
    token = api.verified_user("ev@example.com")
    api.post("/v1/auth/login", {"email": "ev@example.com", "password": "not the password"})
    api.post("/v1/auth/password/forgot", {"email": "ev@example.com"})
    token_value = reset_token(api, "ev@example.com")
    api.post("/v1/auth/password/reset", {"token": token_value, "new_password": NEW})
    token = api.post("/v1/auth/login", {"email": "ev@example.com", "password": NEW}).json["token"]
    api.post(
        "/v1/auth/password/change", {"current_password": NEW, "new_password": PASSWORD}, token=token
    )
    events = api.get("/v1/me/security-events", token=token).json["data"]
    kinds = {e["type"] for e in events}
    assert {
        "signup",
        "email_verified",
        "login_failed",
        "password_reset",
        "login",
        "password_changed",
    } <= kinds
    assert all(e["ip_prefix"] == "127.0.0.0/24" for e in events)
    first_page = api.get("/v1/me/security-events?limit=2", token=token).json
    assert len(first_page["data"]) == 2 and first_page["next_cursor"]
    rest = api.get(
        f"/v1/me/security-events?limit=100&cursor={first_page['next_cursor']}", token=token
    ).json["data"]
    assert len(rest) == len(events) - 2
    assert api.get("/v1/me/security-events?limit=0", token=token).status == 422


def test_an_unknown_email_costs_a_password_check_too(api, services):
    """No timing difference tells which accounts exist: both paths verify a hash."""
    calls = []
    real = Argon2Hasher()

    class Counting:
        def hash(self, password):
            return real.hash(password)

        def verify(self, stored, password):
            calls.append(stored)
            return real.verify(stored, password)

        def needs_rehash(self, stored):
            return real.needs_rehash(stored)

    services.overrides["hasher"] = Counting()
    api.signup("known2@example.com")
    api.post("/v1/auth/login", {"email": "known2@example.com", "password": "not it at all"})
    api.post("/v1/auth/login", {"email": "nobody2@example.com", "password": "not it at all"})
    assert len(calls) == 2 and all(c.startswith("$argon2id$") for c in calls)


def reset_tokens(api, email):
    """Every reset token mailed to the address, newest first."""
    outbox = api.get("/v1/dev/outbox").json["data"]
    bodies = [m["body"] for m in outbox if m["to"] == email and "Reset" in m["subject"]]
    return [re.search(r"token=([\w-]+)", body).group(1) for body in bodies]


def test_a_reset_invalidates_every_other_outstanding_reset_token(api):
    api.signup("two@example.com")
    for _ in range(2):
        api.post("/v1/auth/password/forgot", {"email": "two@example.com"})
    newer, older = reset_tokens(api, "two@example.com")
    assert api.post("/v1/auth/password/reset", {"token": older, "new_password": NEW}).status == 204
    other = api.post("/v1/auth/password/reset", {"token": newer, "new_password": NEW + "x"})
    assert other.status == 422 and other.json["code"] == "invalid_token"
    assert api.post("/v1/auth/login", {"email": "two@example.com", "password": NEW}).status == 200


def test_a_password_change_invalidates_outstanding_reset_tokens(api):
    token = api.signup("chg@example.com").json["token"]
    api.post("/v1/auth/password/forgot", {"email": "chg@example.com"})
    (reset,) = reset_tokens(api, "chg@example.com")
    changed = api.post(
        "/v1/auth/password/change",
        {"current_password": PASSWORD, "new_password": NEW},
        token=token,
    )
    assert changed.status == 204
    late = api.post("/v1/auth/password/reset", {"token": reset, "new_password": NEW + "x"})
    assert late.status == 422 and late.json["code"] == "invalid_token"
    assert api.post("/v1/auth/login", {"email": "chg@example.com", "password": NEW}).status == 200
    # A reset asked for after the change works.
    api.post("/v1/auth/password/forgot", {"email": "chg@example.com"})
    fresh = reset_tokens(api, "chg@example.com")[0]
    assert (
        api.post("/v1/auth/password/reset", {"token": fresh, "new_password": NEW + "y"}).status
        == 204
    )


def test_password_writes_move_the_users_version_on_never_back(api):
    """A password change, a reset and a wrong verification code each raise the user's
    optimistic-lock version by one: a writer holding an older read must fail."""
    from chalicelib.adapters.models.accounts import UserModel

    token = api.signup("ver@example.com").json["token"]
    user_id = api.get("/v1/me", token=token).json["id"]

    def version() -> int:
        return int(UserModel.get(user_id, consistent_read=True).version)

    start = version()
    assert api.post("/v1/auth/verify-email", {"code": "000000"}, token=token).status == 422
    assert version() == start + 1
    change = {"current_password": PASSWORD, "new_password": NEW}
    assert api.post("/v1/auth/password/change", change, token=token).status == 204
    assert version() == start + 2
    assert api.post("/v1/auth/password/forgot", {"email": "ver@example.com"}).status == 202
    reset = {"token": reset_token(api, "ver@example.com"), "new_password": PASSWORD}
    assert api.post("/v1/auth/password/reset", reset).status == 204
    assert version() == start + 3


def test_the_reset_email_links_to_the_websites_reset_page(api, services):
    api.signup("link@example.com")
    api.post("/v1/auth/password/forgot", {"email": "link@example.com"})
    token = reset_token(api, "link@example.com")
    body = api.last_email("link@example.com")["body"]
    assert f"{services.settings.public_base_url}/reset?token={token}" in body
