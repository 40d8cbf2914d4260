"""What a route declares, once: its method and path, body, query and response models,
success status, errors, authentication and the scope an API key needs on it. `ROUTES`
holds every declaration; routing (`chalicelib.api.routing`) runs them and the OpenAPI
document (`openapi`) is made of them.

A model is declared as its class or as a function answering it (`lambda: accounts.User`),
called on the first request that needs it or when the document is built: declaring every
route at import then imports no model (nor pydantic)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from chalicelib.domain.api_key_entities import Scope

if TYPE_CHECKING:
    from pydantic import BaseModel

    from chalicelib.api.models.base import QueryModel, RequestModel

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

# An error a view may answer: its code (answered with `problems.ERROR_STATUS[code]`),
# or `(status, code)` where this route answers that code with another status.
ErrorDoc = str | tuple[int, str]

M = TypeVar("M", bound="BaseModel")
# A model, or a function that answers it on first use.
ModelSource = type[M] | Callable[[], type[M]]


def resolve(source: ModelSource[M] | None) -> type[M] | None:
    if source is None or isinstance(source, type):
        return source
    return source()


@dataclass(frozen=True)
class RouteSpec:
    method: str
    path: str
    summary: str
    tag: str
    status: int
    also: tuple[int, ...]  # other success statuses the view may answer (documented too)
    auth: str  # "required", "optional", "none" or "admin"
    body_source: ModelSource[RequestModel] | None
    response_source: ModelSource[BaseModel] | None
    errors: tuple[ErrorDoc, ...]
    local_only: bool
    query_source: ModelSource[QueryModel] | None = None
    idempotent: bool = False  # honours the Idempotency-Key header
    # Required request headers, by name, with the JSON Schema the document gives them.
    headers: dict[str, dict[str, Any]] = field(default_factory=dict)
    media_type: str = "application/json"  # of the success response
    # The scope an API key needs here; None: no API key reaches the route (403
    # `api_key_not_allowed`). Sessions are not scoped.
    scope: Scope | None = None

    @cached_property
    def body(self) -> type[RequestModel] | None:
        return resolve(self.body_source)

    @cached_property
    def response(self) -> type[BaseModel] | None:
        return resolve(self.response_source)

    @cached_property
    def query_model(self) -> type[QueryModel] | None:
        return resolve(self.query_source)


ROUTES: list[RouteSpec] = []
