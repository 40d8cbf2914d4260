"""A small HTTP client over chalice.test with JSON helpers and account shortcuts."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from chalice.test import Client

from devstack.gateway import ProblemGateway

POLICY_VERSION = "2026-11-01"
PASSWORD = "correct horse battery staple"


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    def header(self, name: str) -> str | None:
        values = self.header_values(name)
        return values[0] if values else None

    def header_values(self, name: str) -> list[str]:
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return list(value) if isinstance(value, list) else [value]
        return []


class ApiClient:
    def __init__(self) -> None:
        from app import app

        self._client = Client(app, stage_name="local")
        http = self._client.http
        http._local_gateway = ProblemGateway(app, http._config)

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        token: str | None = None,
        headers: dict[str, str] | None = None,
        raw: bytes | None = None,
    ) -> Response:
        all_headers = {"content-type": "application/json"}
        if token:
            all_headers["authorization"] = f"Bearer {token}"
        all_headers.update(headers or {})
        payload = raw if raw is not None else (b"" if body is None else json.dumps(body).encode())
        result = self._client.http.request(method, path, headers=all_headers, body=payload)
        return Response(result.status_code, dict(result.headers), result.body)

    def get(self, path: str, **kw: Any) -> Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, body: Any = None, **kw: Any) -> Response:
        return self.request("POST", path, body, **kw)

    def patch(self, path: str, body: Any = None, **kw: Any) -> Response:
        return self.request("PATCH", path, body, **kw)

    def put(self, path: str, body: Any = None, **kw: Any) -> Response:
        return self.request("PUT", path, body, **kw)

    def delete(self, path: str, **kw: Any) -> Response:
        return self.request("DELETE", path, **kw)

    # Account shortcuts ---------------------------------------------------------
    def signup(
        self,
        email: str,
        *,
        name: str = "Test Person",
        birth: str = "1990-01-01",
        password: str = PASSWORD,
        **kw: Any,
    ) -> Response:
        return self.post(
            "/v1/auth/signup",
            {
                "email": email,
                "password": password,
                "name": name,
                "birth_date": birth,
                "accept_policy_version": POLICY_VERSION,
            },
            **kw,
        )

    def last_email(self, to: str) -> dict[str, Any]:
        outbox = self.get("/v1/dev/outbox").json["data"]
        return next(m for m in outbox if m["to"] == to)

    def last_code(self, to: str) -> str:
        match = re.search(r"\b(\d{6})\b", self.last_email(to)["body"])
        assert match, "no verification code in the email"
        return match.group(1)

    def verified_user(self, email: str, **kw: Any) -> str:
        """Sign up and verify; returns the bearer token."""
        response = self.signup(email, **kw)
        assert response.status == 201, response.json
        token = response.json["token"]
        verified = self.post("/v1/auth/verify-email", {"code": self.last_code(email)}, token=token)
        assert verified.status == 200, verified.json
        return token
