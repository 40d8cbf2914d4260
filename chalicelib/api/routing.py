"""Route registration. Every route is declared once with its body, query and response
models (`chalicelib.api.models`), success status and errors; from that one declaration
come input parsing and validation, authentication, serialization, error mapping (via
`problems`) and the OpenAPI document. A few local-only routes still declare JSON-Schema
dicts (`chalicelib.api.schema`), which the same machinery accepts."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from chalice.app import Blueprint, Request, Response
from pydantic import BaseModel, ValidationError

from chalicelib.api import problems
from chalicelib.api.models.base import QueryModel, RequestModel, ResponseModel, field_errors
from chalicelib.api.schema import Schema, parse_json, text_problems, validate, validate_query
from chalicelib.domain.accounts_entities import ClientInfo, Principal, User
from chalicelib.errors import (
    DomainError,
    FieldError,
    Forbidden,
    InvalidInput,
    NotFound,
    Unauthenticated,
)
from chalicelib.observability import logger
from chalicelib.services import Services, get_services

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

# An error a view may answer: its code (answered with `problems.ERROR_STATUS[code]`),
# or `(status, code)` where this route answers that code with another status.
ErrorDoc = str | tuple[int, str]
# A body or response: a model, or (local-only routes) a JSON-Schema dict.
BodyDoc = type[RequestModel] | Schema
ResponseDoc = type[BaseModel] | Schema


@dataclass(frozen=True)
class RouteSpec:
    method: str
    path: str
    summary: str
    tag: str
    status: int
    also: tuple[int, ...]  # other success statuses the view may answer (documented too)
    auth: str  # "required", "optional", "none" or "admin"
    body: BodyDoc | None
    response: ResponseDoc | None
    query: dict[str, Any]  # the declared parameters: JSON-Schema dicts, or the model's fields
    errors: tuple[ErrorDoc, ...]
    local_only: bool
    query_model: type[QueryModel] | None = None
    idempotent: bool = False  # honours the Idempotency-Key header
    headers: dict[str, Schema] = field(default_factory=dict)  # required request headers
    media_type: str = "application/json"  # of the success response


ROUTES: list[RouteSpec] = []


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
        if not errors and isinstance(body, type):
            try:
                self._body = body.model_validate_json(raw)
            except ValidationError as error:
                errors = field_errors(error)
        elif not errors and isinstance(body, dict):
            errors = validate(data, body)
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
            try:
                return model.model_validate(raw)
            except ValidationError as error:
                errors = field_errors(error)
        raise InvalidInput(errors)

    def query(self, name: str) -> Any:
        """A query parameter the route declares, checked against its schema (422 naming it)."""
        if self.spec.query_model is not None:
            return getattr(self.params, name)
        given: Mapping[str, str] = self.request.query_params or {}
        raw = given.get(name)
        if raw is not None:
            errors = validate_query(name, raw, self.spec.query[name])
            if errors:
                raise InvalidInput(errors)
        return raw

    @cached_property
    def principal(self) -> Principal:
        principal = self.optional_principal
        if principal is None:
            raise Unauthenticated("Sign in to continue.")
        return principal

    @cached_property
    def optional_principal(self) -> Principal | None:
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

    @property
    def user(self) -> User:
        return self.principal.user

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


View = Callable[..., Any]


class Router:
    """Wraps a Chalice Blueprint; `route` declares a route and wraps its view."""

    def __init__(self, import_name: str, tag: str) -> None:
        self.blueprint = Blueprint(import_name)
        self.tag = tag

    def route(
        self,
        path: str,
        method: str,
        *,
        summary: str,
        status: int = 200,
        also: tuple[int, ...] = (),
        auth: str = "required",
        body: BodyDoc | None = None,
        response: ResponseDoc | None = None,
        query: type[QueryModel] | dict[str, Schema] | None = None,
        errors: tuple[ErrorDoc, ...] = (),
        local_only: bool = False,
        content_types: list[str] | None = None,
        idempotent: bool = False,
        headers: dict[str, Schema] | None = None,
        media_type: str = "application/json",
    ) -> Callable[[View], View]:
        spec = RouteSpec(
            method=method,
            path=path,
            summary=summary,
            tag=self.tag,
            status=status,
            also=also,
            auth=auth,
            body=body,
            response=response,
            query=dict(query.model_fields) if isinstance(query, type) else (query or {}),
            query_model=query if isinstance(query, type) else None,
            errors=errors,
            local_only=local_only,
            idempotent=idempotent,
            headers=headers or {},
            media_type=media_type,
        )
        ROUTES.append(spec)

        def decorator(fn: View) -> View:
            def view(**params: str) -> Response:
                return _run(self.blueprint.current_request, spec, fn, params)

            view.__name__ = fn.__name__
            view.__doc__ = fn.__doc__
            self.blueprint.route(
                path,
                methods=[method],
                content_types=content_types or ["application/json"],
            )(view)
            return fn

        return decorator


def _run(request: Request, spec: RouteSpec, fn: View, params: dict[str, str]) -> Response:
    services = get_services()
    try:
        if spec.local_only and not services.settings.is_local:
            raise NotFound("Not found.")
        ctx = RequestContext(request, spec, services)
        if spec.auth == "admin":
            ctx.admin  # noqa: B018 (before anything else can answer)
        elif spec.auth == "required":
            ctx.principal  # noqa: B018 (authenticate before the view runs)
        if spec.body is not None:
            ctx.json  # noqa: B018 (validate before the view runs)
        if spec.query_model is not None:
            ctx.params  # noqa: B018
        result = fn(ctx, **params)
        return _to_response(result, spec, ctx)
    except DomainError as error:
        return problems.from_domain_error(error)
    except Exception as error:
        # The type and the frames, not the message: messages can carry request data.
        logger.error(
            "unhandled error",
            extra={
                "route": f"{spec.method} {spec.path}",
                "error_type": type(error).__name__,
                "frames": traceback.format_tb(error.__traceback__),
            },
        )
        return problems.internal_error()


def _to_response(result: Any, spec: RouteSpec, ctx: RequestContext) -> Response:
    if isinstance(result, Response):
        return result
    reply = result if isinstance(result, Reply) else Reply(body=result)
    status = reply.status or spec.status
    headers: dict[str, Any] = {"Cache-Control": "no-store", **reply.headers}
    cookies = ctx.reply_cookies + reply.cookies
    if cookies:
        headers["Set-Cookie"] = cookies
    if status == 204 or reply.body is None:
        return Response(body="", status_code=status, headers=headers)
    headers.setdefault("Content-Type", "application/json")
    return Response(body=dump(reply.body), status_code=status, headers=headers)


def dump(value: Any) -> Any:
    """A response model (or a list of them) as its JSON value; anything else as it is."""
    if isinstance(value, ResponseModel):
        return value.dump()
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [dump(item) for item in value]
    return value


def field_error(name: str, message: str) -> InvalidInput:
    return InvalidInput([FieldError(name, message)])


def page_params(ctx: RequestContext) -> tuple[int, str | None]:
    limit = ctx.query("limit")  # checked by `Pagination`: ASCII digits, 1 to 100
    return (20 if limit is None else int(limit)), ctx.query("cursor") or None


def paged(
    ctx: RequestContext,
    fetch: Callable[[int, str | None], tuple[list[Any], str | None]],
    present: Callable[[Any], Any],
) -> dict[str, Any]:
    """The list convention: `?limit=&cursor=` in, `{"data", "next_cursor"}` out. Cursors
    are sealed to the route and the signed-in user (`domain.cursors`): `fetch` only ever
    gets a cursor it handed out for this list and this user."""
    limit, cursor = page_params(ctx)
    seal = ctx.services.cursors
    scope, owner = f"{ctx.spec.method} {ctx.spec.path}", ctx.user.user_id
    items, next_cursor = fetch(limit, seal.open(scope, owner, cursor))
    return {
        "data": [dump(present(item)) for item in items],
        "next_cursor": seal.seal(scope, owner, next_cursor),
    }
