"""Route registration. Every route is declared once (`route_spec.RouteSpec`) with its
body, query and response models (`chalicelib.api.models`), success status and errors;
from that one declaration come input parsing and validation, authentication,
serialization, error mapping (via `problems`) and the OpenAPI document."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from chalice.app import Blueprint, Request, Response

from chalicelib.api import problems
from chalicelib.api.request_context import Reply, RequestContext, key_not_allowed
from chalicelib.api.route_spec import ROUTES, ErrorDoc, ModelSource, RouteSpec
from chalicelib.domain.api_key_entities import KeyScopes, Scope
from chalicelib.errors import DomainError, NotFound
from chalicelib.observability import logger
from chalicelib.services import get_services

if TYPE_CHECKING:
    from pydantic import BaseModel

    from chalicelib.api.models.base import QueryModel, RequestModel

View = Callable[..., Any]


class Router:
    """Wraps a Chalice Blueprint; `route` declares a route and wraps its view. `scopes`:
    the API-key scopes of the module's signed-in routes (read for GET, write for the
    rest; a route may name its own `scope`); without, no API key reaches them."""

    def __init__(self, import_name: str, tag: str, scopes: KeyScopes | None = None) -> None:
        self.blueprint = Blueprint(import_name)
        self.tag = tag
        self.scopes = scopes

    def route(
        self,
        path: str,
        method: str,
        *,
        summary: str,
        status: int = 200,
        also: tuple[int, ...] = (),
        auth: str = "required",
        body: ModelSource[RequestModel] | None = None,
        response: ModelSource[BaseModel] | None = None,
        query: ModelSource[QueryModel] | None = None,
        errors: tuple[ErrorDoc, ...] = (),
        local_only: bool = False,
        content_types: list[str] | None = None,
        idempotent: bool = False,
        headers: dict[str, dict[str, Any]] | None = None,
        media_type: str = "application/json",
        scope: Scope | None = None,
    ) -> Callable[[View], View]:
        if scope is None and self.scopes is not None and auth == "required":
            scope = self.scopes.for_method(method)
        spec = RouteSpec(
            method=method,
            path=path,
            summary=summary,
            tag=self.tag,
            status=status,
            also=also,
            auth=auth,
            body_source=body,
            response_source=response,
            query_source=query,
            errors=errors,
            local_only=local_only,
            idempotent=idempotent,
            headers=headers or {},
            media_type=media_type,
            scope=scope,
        )
        ROUTES.append(spec)
        return self._register(spec, content_types or ["application/json"])

    def _register(self, spec: RouteSpec, content_types: list[str]) -> Callable[[View], View]:
        def decorator(fn: View) -> View:
            def view(**params: str) -> Response:
                return _run(self.blueprint.current_request, spec, fn, params)

            view.__name__ = fn.__name__
            view.__doc__ = fn.__doc__
            self.blueprint.route(spec.path, methods=[spec.method], content_types=content_types)(
                view
            )
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
            ctx.user  # noqa: B018 (authenticate before the view runs: a session or a key)
        elif spec.auth == "optional" and ctx.api_key is not None:
            raise key_not_allowed()
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
    if isinstance(value, list):
        return [dump(item) for item in value]
    if "pydantic" not in sys.modules:  # no model can exist yet (`GET /v1/me` makes none)
        return value
    from pydantic import BaseModel

    from chalicelib.api.models.base import ResponseModel

    if isinstance(value, ResponseModel):
        return value.dump()
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    return value


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
