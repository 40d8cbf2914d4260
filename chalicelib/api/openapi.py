"""The OpenAPI 3.1 document, built from the route declarations (`routing.ROUTES`)."""

from __future__ import annotations

import re
from http import HTTPStatus
from typing import Any

from chalicelib.api.problems import ERROR_STATUS
from chalicelib.api.routing import ROUTES, UNSAFE_METHODS, RouteSpec
from chalicelib.config import Settings
from chalicelib.domain.idempotency import HEADER as IDEMPOTENCY_HEADER

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
IDEMPOTENCY_KEY = {"type": "string", "minLength": 1, "maxLength": 255}


def _path_params(spec: RouteSpec) -> list[str]:
    return re.findall(r"{(\w+)}", spec.path)


def _error_codes(spec: RouteSpec) -> dict[int, list[str]]:
    """Every problem the operation can answer, by status: what the routing layer adds to
    every route of its kind, then the view's own codes (`errors=`)."""
    codes: dict[int, list[str]] = {}

    def add(code: str, status: int | None = None) -> None:
        listed = codes.setdefault(status or ERROR_STATUS[code], [])
        if code not in listed:
            listed.append(code)

    add("payload_too_large")  # the middleware's body limit, whatever the route
    add("unsupported_media_type")  # a Content-Type the route does not take
    if spec.body is not None:
        add("invalid_json")
        add("validation_error")
    if spec.query:
        add("validation_error")
    if spec.auth == "admin":
        add("not_found")  # to anyone but an admin, whatever their credentials
    elif spec.auth != "none":
        # "optional" still rejects a bad token; cookie writes need an allowed Origin.
        add("unauthenticated")
        if spec.method in UNSAFE_METHODS:
            add("csrf_rejected")
    if _path_params(spec):
        add("not_found")
    if spec.idempotent:
        add("validation_error")
        add("idempotency_key_reused")
        add("idempotency_in_progress")
    for entry in spec.errors:
        status, code = (None, entry) if isinstance(entry, str) else entry
        add(code, status)
    add("internal_error")
    return dict(sorted(codes.items()))


def _problem_response(status: int, codes: list[str]) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": f"{HTTPStatus(status).phrase}: {', '.join(codes)}",
        "content": {
            "application/problem+json": {
                "schema": {
                    "allOf": [
                        {"$ref": "#/components/schemas/Problem"},
                        {
                            "properties": {
                                "status": {"const": status},
                                "code": {"enum": codes},
                            }
                        },
                    ]
                }
            }
        },
    }
    if status == 429:
        response["headers"] = {
            "Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}
        }
    return response


def _operation(spec: RouteSpec) -> dict[str, Any]:
    name = re.sub(r"[^a-zA-Z0-9]+", "_", f"{spec.method.lower()}{spec.path}").strip("_")
    operation: dict[str, Any] = {
        "operationId": name,
        "summary": spec.summary,
        "tags": [spec.tag],
        "responses": {},
    }
    params: list[dict[str, Any]] = [
        {"name": p, "in": "path", "required": True, "schema": {"type": "string"}}
        for p in _path_params(spec)
    ]
    params += [{"name": q, "in": "query", "schema": s} for q, s in spec.query.items()]
    params += [
        {"name": h, "in": "header", "required": True, "schema": s} for h, s in spec.headers.items()
    ]
    if spec.idempotent:
        params.append({"name": IDEMPOTENCY_HEADER, "in": "header", "schema": IDEMPOTENCY_KEY})
    if params:
        operation["parameters"] = params
    if spec.body is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": spec.body}},
        }
    success: dict[str, Any] = {"description": "Success"}
    if spec.response is not None:
        success["content"] = {spec.media_type: {"schema": spec.response}}
    for status in (spec.status, *spec.also):
        operation["responses"][str(status)] = success
    for status, codes in _error_codes(spec).items():
        operation["responses"][str(status)] = _problem_response(status, codes)
    if spec.auth == "required":
        operation["security"] = [{"bearer": []}, {"cookie": []}]
    elif spec.auth in ("optional", "admin"):
        # An admin route needs an admin's session, yet nobody is told so: without one it
        # answers 404 as if it did not exist (never 401 or 403).
        operation["security"] = [{}, {"bearer": []}, {"cookie": []}]
    else:
        operation["security"] = []
    return operation


def _link_created_resources(paths: dict[str, dict[str, Any]]) -> None:
    """A POST whose answer carries the new resource's `id` links to every operation on
    that resource (`<its path>/{param}` and below), for clients and fuzzers to follow."""
    for path, operations in paths.items():
        post = operations.get("post")
        if post is None:
            continue
        links: dict[str, Any] = {}
        for target_path, targets in paths.items():
            match = re.fullmatch(re.escape(path) + r"/\{(\w+)\}(/.*)?", target_path)
            if match:
                for target in targets.values():
                    links[target["operationId"]] = {
                        "operationId": target["operationId"],
                        "parameters": {match.group(1): "$response.body#/id"},
                    }
        for status, response in post["responses"].items():
            schema = response.get("content", {}).get("application/json", {}).get("schema", {})
            if links and status.startswith("2") and "id" in schema.get("properties", {}):
                response["links"] = links


def build_document(settings: Settings) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for spec in ROUTES:
        if spec.local_only and not settings.is_local:
            continue
        paths.setdefault(spec.path, {})[spec.method.lower()] = _operation(spec)
    _link_created_resources(paths)
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
            "schemas": {"Problem": PROBLEM_SCHEMA},
        },
    }
