"""schemathesis hooks (SCHEMATHESIS_HOOKS) for the runs against the local stack: every
authenticated operation is called as a real user, signed up and verified through the
local outbox."""

from __future__ import annotations

import re
import threading
import uuid
from typing import Any

import httpx
import schemathesis

PASSWORD = "correct horse battery staple"


def verified_token(base_url: str) -> str:
    email = f"fuzz-{uuid.uuid4().hex[:12]}@example.com"
    with httpx.Client(base_url=base_url, timeout=30) as http:
        policy = http.get("/v1/legal/privacy").json()["version"]
        signup = http.post(
            "/v1/auth/signup",
            json={
                "email": email,
                "password": PASSWORD,
                "name": "Fuzz",
                "birth_date": "1990-01-01",
                "accept_policy_version": policy,
            },
        )
        signup.raise_for_status()
        token = str(signup.json()["token"])
        outbox = http.get("/v1/dev/outbox").json()["data"]
        body = next(m["body"] for m in outbox if m["to"] == email)
        code = re.search(r"\b(\d{6})\b", body)
        assert code, "no verification code in the email"
        verified = http.post(
            "/v1/auth/verify-email",
            json={"code": code.group(1)},
            headers={"Authorization": f"Bearer {token}"},
        )
        verified.raise_for_status()
    return token


class _Token:
    value: str | None = None
    retired: set[str] = set()
    lock = threading.Lock()


def current_token(base_url: str) -> str:
    with _Token.lock:
        if _Token.value is None:
            _Token.value = verified_token(base_url)
        return _Token.value


@schemathesis.auth(refresh_interval=None)
class VerifiedUser:
    """One verified user until its token stops working (the fuzzer may log out, revoke
    its session or delete the account); then a new one."""

    def get(self, case: Any, context: Any) -> str:
        return current_token(context.operation.schema.get_base_url())

    def set(self, case: Any, data: str, context: Any) -> None:
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"


@schemathesis.hook
def before_call(context: Any, case: Any, **kwargs: Any) -> None:
    """Cases are generated ahead of their calls: one carrying a token retired since gets
    the current one."""
    scheme, _, token = (case.headers or {}).get("Authorization", "").partition(" ")
    if scheme == "Bearer" and token in _Token.retired:
        fresh = current_token(case.operation.schema.get_base_url())
        case.headers["Authorization"] = f"Bearer {fresh}"


@schemathesis.hook
def after_call(context: Any, case: Any, response: Any) -> None:
    """A 401 `unauthenticated` to our own token means the token is gone (not a wrong
    password, `invalid_credentials`, nor a probe without or with a forged token)."""
    token = _Token.value
    if response.status_code != 401 or token is None:
        return
    if response.request.headers.get("Authorization") != f"Bearer {token}":
        return
    try:
        code = response.json().get("code")
    except ValueError:
        return
    if code == "unauthenticated":
        with _Token.lock:
            if _Token.value == token:
                _Token.retired.add(token)
                _Token.value = None
