"""What a route declares, once: its method and path, body, query and response models,
success status, errors, authentication and the scope an API key needs on it. `ROUTES`
holds every declaration; routing (`chalicelib.api.routing`) runs them and the OpenAPI
document (`openapi`) is made of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from chalicelib.api.models.base import QueryModel, RequestModel
from chalicelib.domain.api_key_entities import Scope

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

# An error a view may answer: its code (answered with `problems.ERROR_STATUS[code]`),
# or `(status, code)` where this route answers that code with another status.
ErrorDoc = str | tuple[int, str]


@dataclass(frozen=True)
class RouteSpec:
    method: str
    path: str
    summary: str
    tag: str
    status: int
    also: tuple[int, ...]  # other success statuses the view may answer (documented too)
    auth: str  # "required", "optional", "none" or "admin"
    body: type[RequestModel] | None
    response: type[BaseModel] | None
    errors: tuple[ErrorDoc, ...]
    local_only: bool
    query_model: type[QueryModel] | None = None
    idempotent: bool = False  # honours the Idempotency-Key header
    # Required request headers, by name, with the JSON Schema the document gives them.
    headers: dict[str, dict[str, Any]] = field(default_factory=dict)
    media_type: str = "application/json"  # of the success response
    # The scope an API key needs here; None: no API key reaches the route (403
    # `api_key_not_allowed`). Sessions are not scoped.
    scope: Scope | None = None


ROUTES: list[RouteSpec] = []
