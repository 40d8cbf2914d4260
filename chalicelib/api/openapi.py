"""The OpenAPI 3.1 document, built from the route declarations (`routing.ROUTES`)."""

from __future__ import annotations

import re
from typing import Any

from chalicelib.api.routing import ROUTES, RouteSpec
from chalicelib.config import Settings

PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}
_COMMON_ERRORS = {"400": "invalid_json", "413": "payload_too_large", "500": "internal_error"}


def _operation(spec: RouteSpec) -> dict[str, Any]:
    name = re.sub(r"[^a-zA-Z0-9]+", "_", f"{spec.method.lower()}{spec.path}").strip("_")
    operation: dict[str, Any] = {
        "operationId": name,
        "summary": spec.summary,
        "tags": [spec.tag],
        "responses": {},
    }
    params = [
        {"name": p, "in": "path", "required": True, "schema": {"type": "string"}}
        for p in re.findall(r"{(\w+)}", spec.path)
    ]
    params += [{"name": q, "in": "query", "schema": s} for q, s in spec.query.items()]
    if params:
        operation["parameters"] = params
    if spec.body is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": spec.body}},
        }
    success: dict[str, Any] = {"description": "Success"}
    if spec.response is not None:
        success["content"] = {"application/json": {"schema": spec.response}}
    for status in (spec.status, *spec.also):
        operation["responses"][str(status)] = success
    problem = {"$ref": "#/components/responses/Problem"}
    for status in _COMMON_ERRORS:
        operation["responses"][status] = problem
    if spec.body is not None:
        operation["responses"]["422"] = problem
    if spec.auth == "required":
        operation["security"] = [{"bearer": []}, {"cookie": []}]
        operation["responses"]["401"] = problem
    elif spec.auth == "admin":
        # An admin's session is needed, yet nobody is told so: without one the route
        # answers 404 as if it did not exist (never 401 or 403).
        operation["security"] = [{"bearer": []}, {"cookie": []}, {}]
        operation["responses"]["404"] = problem
    else:
        operation["security"] = []
    if spec.errors:
        operation["x-error-codes"] = list(spec.errors)
    return operation


def build_document(settings: Settings) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for spec in ROUTES:
        if spec.local_only and not settings.is_local:
            continue
        paths.setdefault(spec.path, {})[spec.method.lower()] = _operation(spec)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "GPT Image 2 API",
            "version": settings.version,
            "description": "AI image generation and editing. Errors are RFC 9457 problem+json.",
        },
        "servers": [{"url": settings.public_base_url}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "cookie": {"type": "apiKey", "in": "cookie", "name": settings.session_cookie_name},
            },
            "responses": {
                "Problem": {
                    "description": "An RFC 9457 problem",
                    "content": {"application/problem+json": {"schema": PROBLEM_SCHEMA}},
                }
            },
        },
    }
