"""One request as a view sees it: the headers and cookies, the body and query validated
by the route's models, the caller (a session token from the Authorization header or
the session cookie, with the CSRF Origin check on cookie writes, or an API key on a
route that declares the scope it needs), and the `Reply` a view returns when it sets a
status, headers or cookies of its own."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from chalice.app import Request

from chalicelib.api import problems
from chalicelib.api.json_input import parse_json, text_problems
from chalicelib.api.route_spec import UNSAFE_METHODS, RouteSpec
from chalicelib.domain.accounts_entities import ClientInfo, Principal, User
from chalicelib.domain.api_key_entities import looks_like_key
from chalicelib.errors import FieldError, Forbidden, InvalidInput, NotFound, Unauthenticated
from chalicelib.services import Services


def field_error(name: str, message: str) -> InvalidInput:
    return InvalidInput([FieldError(name, message)])


def key_not_allowed() -> Forbidden:
    return Forbidden("API keys cannot be used on this route.", code="api_key_not_allowed")


@dataclass
class Reply:
    body: Any = None
    status: int | None = None
    headers: dict[str, str | list[str]] = field(default_factory=dict)
    cookies: list[str] = field(default_factory=list)


class RequestContext:
    def __init__(self, request: Request, spec: RouteSpec, services: Services) -> None:
        self.request = request
        self.spec = spec
        self.services = services
        self.reply_cookies: list[str] = []
        self._body: Any = None

    @property
    def settings(self) -> Any:
        return self.services.settings

    @cached_property
    def headers(self) -> dict[str, str]:
        return {k.lower(): v for k, v in (self.request.headers or {}).items()}

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    @cached_property
    def cookies(self) -> dict[str, str]:
        jar: dict[str, str] = {}
        for part in (self.header("cookie") or "").split(";"):
            name, sep, value = part.strip().partition("=")
            if sep and name:
                jar[name] = value
        return jar

    @cached_property
    def client(self) -> ClientInfo:
        identity = (self.request.context or {}).get("identity") or {}
        return ClientInfo(
            ip=str(identity.get("sourceIp") or ""), user_agent=self.header("user-agent") or ""
        )

    @cached_property
    def json(self) -> dict[str, Any]:
        """The body: JSON within limits, no lone surrogate in any string, then the route's
        model (which the OpenAPI document marks required: an empty body answers 422)."""
        raw: bytes | str = self.request.raw_body or b""
        if not raw.strip():
            if self.spec.body is not None:
                raise field_error("body", "is required")
            return {}
        data = parse_json(raw if isinstance(raw, bytes) else raw.encode())
        errors = text_problems(data)
        body = self.spec.body
        if not errors and body is not None:
            from pydantic import ValidationError  # loaded with the model, not at import

            from chalicelib.api.models.base import field_errors

            try:
                self._body = body.model_validate_json(raw)
            except ValidationError as error:
                errors = field_errors(error)
        if errors:
            raise InvalidInput(errors)
        return data  # type: ignore[no-any-return]

    @property
    def body(self) -> Any:
        """The body as the route's model (validated before the view runs)."""
        self.json  # noqa: B018
        return self._body

    @cached_property
    def params(self) -> Any:
        """The query as the route's query model (422 naming each bad parameter)."""
        model = self.spec.query_model
        if model is None:
            return None
        given: Mapping[str, str] = self.request.query_params or {}
        raw = {name: given[name] for name in model.model_fields if name in given}
        errors = [e for name, value in raw.items() for e in text_problems(value, name)]
        if not errors:
            from pydantic import ValidationError  # loaded with the model, not at import

            from chalicelib.api.models.base import field_errors

            try:
                return model.model_validate(raw)
            except ValidationError as error:
                errors = field_errors(error)
        raise InvalidInput(errors)

    def query(self, name: str) -> Any:
        """A query parameter of the route's query model (validated with the others)."""
        return getattr(self.params, name)

    @cached_property
    def principal(self) -> Principal:
        principal = self.optional_principal
        if principal is None:
            raise Unauthenticated("Sign in to continue.")
        return principal

    @cached_property
    def api_key(self) -> str | None:
        """The API key the request carries (`Authorization: Bearer gi2_sk_...`), if any."""
        scheme, _, token = (self.header("authorization") or "").partition(" ")
        token = token.strip()
        return token if scheme.lower() == "bearer" and looks_like_key(token) else None

    @cached_property
    def optional_principal(self) -> Principal | None:
        """The session, if any. An API key is never a session: 403 `api_key_not_allowed`."""
        if self.api_key is not None:
            raise key_not_allowed()
        authorization = self.header("authorization") or ""
        scheme, _, token = authorization.partition(" ")
        via_cookie = False
        if scheme.lower() != "bearer" or not token.strip():
            token = self.cookies.get(self.settings.session_cookie_name, "")
            via_cookie = True
        if not token:
            return None
        if via_cookie and self.request.method in UNSAFE_METHODS:
            origin = self.header("origin")
            if origin not in self.settings.allowed_origins:
                raise Forbidden("The request's origin is not allowed.", code="csrf_rejected")
        return self.services.auth.authenticate(token.strip(), via_cookie=via_cookie)

    @cached_property
    def user(self) -> User:
        """The caller: the session's user or, on a route that declares a scope, the owner
        of an API key that holds it."""
        token = self.api_key
        if token is None:
            return self.principal.user
        if self.spec.scope is None:
            raise key_not_allowed()
        return self.services.api_keys.authenticate(token, self.spec.scope).user

    @cached_property
    def admin(self) -> User:
        """The signed-in admin. Anyone else, whatever their credentials (none, a bad or
        expired token, a cookie from a foreign Origin, a non-admin's), gets the answer a
        route that does not exist gets: admin routes are invisible."""
        from chalicelib.domain.accounts import is_admin

        try:
            principal = self.optional_principal
        except (Unauthenticated, Forbidden):
            principal = None
        if principal is None or not is_admin(principal.user):
            raise NotFound(problems.NO_SUCH_ROUTE)
        return principal.user
