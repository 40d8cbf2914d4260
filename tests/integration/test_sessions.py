"""Bearer and cookie auth, CSRF, session listing and revocation, expiry, re-auth."""

from tests.support.api import PASSWORD

ORIGIN = "http://127.0.0.1:8000"


def cookie_of(response):
    return response.header("set-cookie").split(";")[0]


def test_bearer_and_cookie_both_authenticate(api):
    signup = api.signup("c@example.com")
    token, cookie = signup.json["token"], cookie_of(signup)
    assert api.get("/v1/me", token=token).json["email"] == "c@example.com"
    assert api.get("/v1/me", headers={"cookie": cookie}).status == 200


def test_cookie_writes_need_an_allowed_origin(api):
    cookie = cookie_of(api.signup("csrf@example.com"))
    body = {"name": "New"}
    missing = api.patch("/v1/me", body, headers={"cookie": cookie})
    assert missing.status == 403 and missing.json["code"] == "csrf_rejected"
    evil = api.patch("/v1/me", body, headers={"cookie": cookie, "origin": "https://evil.example"})
    assert evil.status == 403 and evil.json["code"] == "csrf_rejected"
    ok = api.patch("/v1/me", body, headers={"cookie": cookie, "origin": ORIGIN})
    assert ok.status == 200 and ok.json["name"] == "New"


def test_bearer_writes_need_no_origin(api):
    token = api.signup("b@example.com").json["token"]
    assert api.patch("/v1/me", {"name": "B"}, token=token).status == 200


def test_sessions_are_listed_and_revocable(api):
    first = api.signup("s@example.com").json["token"]
    second = api.post("/v1/auth/login", {"email": "s@example.com", "password": PASSWORD}).json[
        "token"
    ]
    listed = api.get("/v1/auth/sessions", token=first).json["data"]
    assert len(listed) == 2
    assert sum(s["current"] for s in listed) == 1
    assert all(s["ip_prefix"].endswith("/24") for s in listed)
    other = next(s for s in listed if not s["current"])
    assert api.delete(f"/v1/auth/sessions/{other['id']}", token=first).status == 204
    assert api.get("/v1/me", token=second).status == 401
    assert api.delete(f"/v1/auth/sessions/{other['id']}", token=first).status == 404
    types = [e["type"] for e in api.get("/v1/me/security-events", token=first).json["data"]]
    assert "session_revoked" in types and "login" in types


def test_another_users_session_answers_404(api):
    alice = api.signup("alice@example.com").json["token"]
    bob = api.signup("bob@example.com").json["token"]
    bob_session = api.get("/v1/auth/sessions", token=bob).json["data"][0]["id"]
    assert api.delete(f"/v1/auth/sessions/{bob_session}", token=alice).status == 404
    assert api.get("/v1/me", token=bob).status == 200


def test_logout_revokes_the_session(api):
    token = api.signup("out@example.com").json["token"]
    assert api.post("/v1/auth/logout", token=token).status == 204
    assert api.get("/v1/me", token=token).status == 401


def test_sliding_idle_expiry_and_absolute_expiry(frozen_api, clock):
    token = frozen_api.signup("t@example.com").json["token"]
    clock.advance(days=29)
    assert frozen_api.get("/v1/me", token=token).status == 200  # slides the idle window
    clock.advance(days=29)
    assert frozen_api.get("/v1/me", token=token).status == 200
    clock.advance(days=31)
    assert frozen_api.get("/v1/me", token=token).status == 401  # idle for 31 days
    token = frozen_api.post(
        "/v1/auth/login", {"email": "t@example.com", "password": PASSWORD}
    ).json["token"]
    for _ in range(4):
        clock.advance(days=20)
        assert frozen_api.get("/v1/me", token=token).status == 200
    clock.advance(days=11)
    assert frozen_api.get("/v1/me", token=token).status == 401  # 91 days after login


def test_token_is_stored_only_as_a_hash(api, services):
    token = api.signup("hash@example.com").json["token"]
    from chalicelib.adapters.models.accounts import SessionModel

    stored = [str(s.attribute_values) for s in SessionModel.scan()]
    assert stored and all(token not in s for s in stored)


def test_reauth_marks_the_session_fresh_for_ten_minutes(frozen_api, clock):
    token = frozen_api.signup("fresh@example.com").json["token"]
    principal = frozen_api_principal(token)
    assert principal.is_fresh(clock.now())
    clock.advance(minutes=11)
    assert not frozen_api_principal(token).is_fresh(clock.now())
    wrong = frozen_api.post("/v1/auth/reauth", {"password": "nope nope nope"}, token=token)
    assert wrong.status == 401 and wrong.json["code"] == "invalid_credentials"
    assert frozen_api.post("/v1/auth/reauth", {"password": PASSWORD}, token=token).status == 204
    assert frozen_api_principal(token).is_fresh(clock.now())


def frozen_api_principal(token):
    from chalicelib.services import get_services

    return get_services().auth.authenticate(token, via_cookie=False)


def test_token_is_the_user_id_then_256_random_bits(api):
    token = api.signup("shape@example.com").json["token"]
    user_id, _, secret = token.partition(".")
    assert user_id == api.get("/v1/me", token=token).json["id"]
    assert len(secret) >= 43 and "." not in secret  # token_urlsafe(32): 256 bits


def test_malformed_and_forged_tokens_answer_401(api):
    token = api.signup("forge@example.com").json["token"]
    other = api.signup("other@example.com").json["token"]
    user_id, _, secret = token.partition(".")
    other_id = other.partition(".")[0]
    unknown_user = "usr_" + "0" * 26
    for bad in (
        secret,  # no dot
        f".{secret}",  # no user id
        f"{user_id}.",  # no random part
        f"not-an-id.{secret}",
        f"{unknown_user}.{secret}",  # unknown user
        f"{other_id}.{secret}",  # another user's id with this token's secret
        f"{user_id}.{secret}x",
        f"{user_id}.{secret}.{secret}",
        "x" * 5000,
    ):
        response = api.get("/v1/me", token=bad)
        assert response.status == 401 and response.json["code"] == "unauthenticated", bad
    assert api.get("/v1/me", token=token).status == 200


def test_token_of_a_deleted_user_answers_401(api):
    token = api.signup("gone@example.com").json["token"]
    from chalicelib.adapters.models.accounts import UserModel

    UserModel.get(token.partition(".")[0]).delete()
    assert api.get("/v1/me", token=token).status == 401


def test_a_cancelled_transactional_read_falls_back_to_plain_reads(api, monkeypatch):
    from pynamodb.exceptions import TransactGetError

    from chalicelib.adapters import accounts_store

    token = api.signup("conflict@example.com").json["token"]

    class Conflicting(accounts_store.TransactGet):
        def _commit(self):
            raise TransactGetError("TransactionConflict")

    monkeypatch.setattr(accounts_store, "TransactGet", Conflicting)
    assert api.get("/v1/me", token=token).json["email"] == "conflict@example.com"
    assert api.get("/v1/me", token=token + "x").status == 401


def test_the_session_status_says_who_is_signed_in_without_a_401(api):
    signup = api.signup("status@example.com")
    token, cookie = signup.json["token"], cookie_of(signup)
    assert api.get("/v1/auth/session", token=token).json["user"]["email"] == "status@example.com"
    signed_in = api.get("/v1/auth/session", headers={"cookie": cookie})
    assert signed_in.status == 200 and signed_in.json["user"]["id"] == signup.json["user"]["id"]
    anonymous = api.get("/v1/auth/session")
    assert anonymous.status == 200 and anonymous.json == {"user": None}
    assert api.post("/v1/auth/logout", token=token).status == 204
    revoked = api.get("/v1/auth/session", headers={"cookie": cookie})
    assert revoked.status == 200 and revoked.json == {"user": None}
