"""schemathesis hooks (SCHEMATHESIS_HOOKS) for the runs against the local stack: every
authenticated operation is called as a real user, signed up and verified through the
local outbox, and every /v1/admin/* operation as the admin FUZZ_ADMIN_EMAIL names (an
address the stack lists in ADMIN_EMAILS)."""

from __future__ import annotations

import os
import re
import threading
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import schemathesis

PASSWORD = "correct horse battery staple"


def verified_token(base_url: str, email: str) -> str:
    with httpx.Client(base_url=base_url, timeout=60) as http:
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
        if signup.status_code == 409:  # the admin, signed up by an earlier token
            login = http.post("/v1/auth/login", json={"email": email, "password": PASSWORD})
            login.raise_for_status()
            return str(login.json()["token"])
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


class Identity:
    """One account's token, replaced when it stops working (the fuzzer may log out,
    revoke its session or delete the account). A plain class: schemathesis loads this
    file outside sys.modules, where dataclasses cannot resolve their annotations."""

    def __init__(self, email: Callable[[], str]) -> None:
        self.email = email  # the address to sign up with
        self.value: str | None = None
        self.lock = threading.Lock()

    def token(self, base_url: str) -> str:
        with self.lock:
            if self.value is None:
                self.value = verified_token(base_url, self.email())
            return self.value

    def retire(self, token: str) -> None:
        with self.lock:
            if self.value == token:
                RETIRED.add(token)
                self.value = None


RETIRED: set[str] = set()
USER = Identity(lambda: f"fuzz-{uuid.uuid4().hex[:12]}@example.com")
ADMIN = Identity(lambda: os.environ["FUZZ_ADMIN_EMAIL"])


def identity_for(case: Any) -> Identity:
    admin = case.operation.path.startswith("/v1/admin/") and "FUZZ_ADMIN_EMAIL" in os.environ
    return ADMIN if admin else USER


@schemathesis.auth(refresh_interval=None)
class VerifiedUser:
    def get(self, case: Any, context: Any) -> str:
        return identity_for(case).token(case.operation.schema.get_base_url())

    def set(self, case: Any, data: str, context: Any) -> None:
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"


@schemathesis.hook
def before_call(context: Any, case: Any, **kwargs: Any) -> None:
    """Cases are generated ahead of their calls: one carrying a token retired since gets
    the current one."""
    scheme, _, token = (case.headers or {}).get("Authorization", "").partition(" ")
    if scheme == "Bearer" and token in RETIRED:
        fresh = identity_for(case).token(case.operation.schema.get_base_url())
        case.headers["Authorization"] = f"Bearer {fresh}"


@schemathesis.hook
def after_call(context: Any, case: Any, response: Any) -> None:
    """Our token is gone when it gets a 401 `unauthenticated` (not `invalid_credentials`
    for a wrong password, nor a probe without or with a forged token) or, on an admin
    route, the 404 of a route that does not exist (not "No such report.")."""
    identity = identity_for(case)
    token = identity.value
    if token is None or response.request.headers.get("Authorization") != f"Bearer {token}":
        return
    try:
        problem = response.json() if response.status_code in (401, 404) else {}
    except ValueError:
        return
    refused = problem.get("code") == "unauthenticated" or (
        identity is ADMIN and problem.get("detail") == "No such route."
    )
    if refused:
        identity.retire(token)
