"""Accounts and sessions over HTTP on the local stack, as a newcomer would use them."""

import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.support.local_stack import StackProcess

pytestmark = pytest.mark.e2e

PASSWORD = "correct horse battery staple"
POLICY = "2026-11-01"


def new_client(url):
    """A client with the tier's generous timeout: a fresh stack's first request is slow."""
    return httpx.Client(base_url=url, timeout=60)


def signup(client, email, birth="1990-01-01"):
    return client.post(
        "/v1/auth/signup",
        json={
            "email": email,
            "password": PASSWORD,
            "name": "E2E Person",
            "birth_date": birth,
            "accept_policy_version": POLICY,
        },
    )


def outbox_for(client, email):
    return [m for m in client.get("/v1/dev/outbox").json()["data"] if m["to"] == email]


def test_signup_verify_login_and_sessions(stack):
    with new_client(stack.url) as browser, new_client(stack.url) as phone:
        created = signup(browser, "newcomer@example.com")
        assert created.status_code == 201
        assert "session" in browser.cookies  # the browser keeps the cookie
        code = re.search(r"\d{6}", outbox_for(browser, "newcomer@example.com")[0]["body"])[0]
        origin = {"Origin": stack.url}
        verified = browser.post("/v1/auth/verify-email", json={"code": code}, headers=origin)
        assert verified.status_code == 200
        assert verified.json()["user"]["credits"]["available"] == 50

        login = phone.post(
            "/v1/auth/login", json={"email": "newcomer@example.com", "password": PASSWORD}
        )
        assert login.status_code == 200
        bearer = {"Authorization": f"Bearer {login.json()['token']}"}
        phone.cookies.clear()
        assert phone.get("/v1/me", headers=bearer).json()["email_verified"] is True

        no_origin = browser.patch("/v1/me", json={"name": "X"})
        assert no_origin.status_code == 403 and no_origin.json()["code"] == "csrf_rejected"
        assert browser.patch("/v1/me", json={"name": "X"}, headers=origin).status_code == 200
        assert phone.patch("/v1/me", json={"name": "Y"}, headers=bearer).status_code == 200

        sessions = browser.get("/v1/auth/sessions").json()["data"]
        assert len(sessions) == 2
        phone_session = next(s for s in sessions if not s["current"])
        revoked = browser.delete(f"/v1/auth/sessions/{phone_session['id']}", headers=origin)
        assert revoked.status_code == 204
        assert phone.get("/v1/me", headers=bearer).status_code == 401


def test_under_13_is_refused_and_remembered(stack):
    with new_client(stack.url) as browser:
        ten_years_ago = (datetime.now(UTC) - timedelta(days=3653)).date().isoformat()
        child = signup(browser, "child@example.com", birth=ten_years_ago)
        assert child.status_code == 403 and child.json()["code"] == "age_restricted"
        assert outbox_for(browser, "child@example.com") == []
        retry = signup(browser, "child@example.com", birth="1980-03-03")
        assert retry.status_code == 403 and retry.json()["code"] == "age_restricted"


def test_reset_change_and_throttling(stack):
    with new_client(stack.url) as client:
        token = signup(client, "reset@example.com").json()["token"]
        client.cookies.clear()
        assert (
            client.post("/v1/auth/password/forgot", json={"email": "reset@example.com"}).status_code
            == 202
        )
        mail = next(m for m in outbox_for(client, "reset@example.com") if "Reset" in m["subject"])
        reset_token = re.search(r"token=([\w-]+)", mail["body"])[1]
        new = "an entirely new passphrase"
        reset = client.post(
            "/v1/auth/password/reset", json={"token": reset_token, "new_password": new}
        )
        assert reset.status_code == 204
        assert client.get("/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401

        fresh = client.post("/v1/auth/login", json={"email": "reset@example.com", "password": new})
        bearer = {"Authorization": f"Bearer {fresh.json()['token']}"}
        client.cookies.clear()
        changed = client.post(
            "/v1/auth/password/change",
            json={"current_password": new, "new_password": PASSWORD},
            headers=bearer,
        )
        assert changed.status_code == 204

        statuses = [
            client.post(
                "/v1/auth/login", json={"email": "reset@example.com", "password": "wrong!!!!"}
            ).status_code
            for _ in range(6)
        ]
        assert statuses[:5] == [401] * 5 and statuses[5] == 429
        blocked = client.post(
            "/v1/auth/login", json={"email": "reset@example.com", "password": PASSWORD}
        )
        assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0


def test_errors_are_problem_json(stack):
    with new_client(stack.url) as client:
        for response, status in (
            (client.get("/v1/no/such/route"), 404),
            (client.put("/v1/health"), 405),
            (
                client.post(
                    "/v1/auth/login", content=b"{", headers={"content-type": "application/json"}
                ),
                400,
            ),
        ):
            assert response.status_code == status
            assert response.headers["content-type"] == "application/problem+json"


def test_state_survives_a_restart(tmp_path):
    state = tmp_path / "state"
    first = StackProcess(state).start()
    try:
        with new_client(first.url) as client:
            assert signup(client, "persist@example.com").status_code == 201
    finally:
        first.stop()
    assert "state saved" in first.logs()
    second = StackProcess(state).start()
    try:
        with new_client(second.url) as client:
            login = client.post(
                "/v1/auth/login", json={"email": "persist@example.com", "password": PASSWORD}
            )
            assert login.status_code == 200
            assert outbox_for(client, "persist@example.com")  # the outbox survived too
    finally:
        second.stop()
