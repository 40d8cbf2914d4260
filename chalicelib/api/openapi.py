"""The OpenAPI 3.1 document, built from the route declarations (`routing.ROUTES`). Every
model a route names is a named component (`components/schemas`, referenced by `$ref`):
bodies and query parameters in their validation form, responses in their serialization
form, and every error response a `$ref` to `Problem` narrowed to its status and codes."""

from __future__ import annotations

import re
from http import HTTPStatus
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, models_json_schema
from pydantic_core import core_schema

from chalicelib.api.models.problems import Problem
from chalicelib.api.problems import ERROR_STATUS
from chalicelib.api.route_spec import ROUTES, UNSAFE_METHODS, RouteSpec
from chalicelib.config import Settings
from chalicelib.domain.idempotency import HEADER as IDEMPOTENCY_HEADER

IDEMPOTENCY_KEY = {"type": "string", "minLength": 1, "maxLength": 255}
REF_TEMPLATE = "#/components/schemas/{model}"
PROBLEM_REF = "#/components/schemas/Problem"

Mode = Literal["validation", "serialization"]


class ApiSchema(GenerateJsonSchema):
    """Pydantic's JSON Schema, except that an optional input field (absent, never null:
    `RequestModel`) is documented as its type alone, without null or a null default."""

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> Any:
        if self.mode == "validation" and schema.get("default", 0) is None:
            inner: Any = schema["schema"]
            while inner["type"] in ("function-before", "function-after", "function-wrap"):
                inner = inner["schema"]
            if inner["type"] == "nullable":
                return self.generate_inner(inner["schema"])
        return super().default_schema(schema)


class Components:
    """The named schemas of the document, and the `$ref` of each route's models."""

    def __init__(self, specs: list[RouteSpec]) -> None:
        pairs: list[tuple[type[BaseModel], JsonSchemaMode]] = [(Problem, "serialization")]
        for spec in specs:
            if spec.body is not None:
                pairs.append((spec.body, "validation"))
            if spec.response is not None:
                pairs.append((spec.response, "serialization"))
        pairs = list(dict.fromkeys(pairs))
        refs, defs = models_json_schema(
            pairs, ref_template=REF_TEMPLATE, schema_generator=ApiSchema
        )
        self.refs = refs
        self.schemas: dict[str, Any] = dict(defs.get("$defs", {}))

    def ref(self, model: type[BaseModel], mode: Mode) -> dict[str, Any]:
        return dict(self.refs[(model, mode)])

    def query_parameters(self, spec: RouteSpec) -> list[dict[str, Any]]:
        if spec.query_model is None:
            return []
        schema = spec.query_model.model_json_schema(
            ref_template=REF_TEMPLATE, schema_generator=ApiSchema, mode="validation"
        )
        self.schemas.update(schema.get("$defs", {}))
        required = set(schema.get("required", []))
        return [
            {"name": name, "in": "query", "schema": prop}
            | ({"required": True} if name in required else {})
            for name, prop in schema["properties"].items()
        ]

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = self.schemas[schema["$ref"].rsplit("/", 1)[-1]]
        return schema


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
    if spec.query_model is not None:
        add("validation_error")
    if spec.auth == "admin":
        add("not_found")  # to anyone but an admin, whatever their credentials
    elif spec.auth != "none":
        # "optional" still rejects a bad token; cookie writes need an allowed Origin.
        add("unauthenticated")
        if spec.method in UNSAFE_METHODS:
            add("csrf_rejected")
        # An API key: outside its scopes, or over its allowance; or no key reaches here.
        if spec.scope is not None:
            add("insufficient_scope")
            add("rate_limited")
        else:
            add("api_key_not_allowed")
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
                    "$ref": PROBLEM_REF,
                    "properties": {"status": {"const": status}, "code": {"enum": codes}},
                }
            }
        },
    }
    if status == 429:
        response["headers"] = {
            "Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}
        }
    return response


def _parameters(spec: RouteSpec, components: Components) -> list[dict[str, Any]]:
    """Path, query and header parameters, in that order."""
    params: list[dict[str, Any]] = [
        {"name": p, "in": "path", "required": True, "schema": {"type": "string"}}
        for p in _path_params(spec)
    ]
    params += components.query_parameters(spec)
    params += [
        {"name": h, "in": "header", "required": True, "schema": s} for h, s in spec.headers.items()
    ]
    if spec.idempotent:
        params.append({"name": IDEMPOTENCY_HEADER, "in": "header", "schema": IDEMPOTENCY_KEY})
    return params


def _operation(spec: RouteSpec, components: Components) -> dict[str, Any]:
    name = re.sub(r"[^a-zA-Z0-9]+", "_", f"{spec.method.lower()}{spec.path}").strip("_")
    operation: dict[str, Any] = {
        "operationId": name,
        "summary": spec.summary,
        "tags": [spec.tag],
        "responses": {},
    }
    params = _parameters(spec, components)
    if params:
        operation["parameters"] = params
    if spec.body is not None:
        # The body's component, written out (its parts stay `$ref`s): readers of the
        # operation see the fields it requires without following a reference.
        body = components.resolve(components.ref(spec.body, "validation"))
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": body}},
        }
    success: dict[str, Any] = {"description": "Success"}
    if spec.response is not None:
        response = components.ref(spec.response, "serialization")
        success["content"] = {spec.media_type: {"schema": response}}
    for status in (spec.status, *spec.also):
        operation["responses"][str(status)] = success
    for status, codes in _error_codes(spec).items():
        operation["responses"][str(status)] = _problem_response(status, codes)
    if spec.auth == "required":
        operation["security"] = [{"bearer": []}, {"cookie": []}]
        if spec.scope is not None:  # the scope an API key needs here
            operation["security"].append({"apiKey": [spec.scope.value]})
    elif spec.auth in ("optional", "admin"):
        # An admin route needs an admin's session, yet nobody is told so: without one it
        # answers 404 as if it did not exist (never 401 or 403).
        operation["security"] = [{}, {"bearer": []}, {"cookie": []}]
    else:
        operation["security"] = []
    return operation


def _link_created_resources(paths: dict[str, dict[str, Any]], components: Components) -> None:
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
            schema = components.resolve(schema)
            if links and status.startswith("2") and "id" in schema.get("properties", {}):
                response["links"] = links


def build_document(settings: Settings) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    specs = [spec for spec in ROUTES if settings.is_local or not spec.local_only]
    components = Components(specs)
    for spec in specs:
        paths.setdefault(spec.path, {})[spec.method.lower()] = _operation(spec, components)
    _link_created_resources(paths, components)
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
                "apiKey": {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "gi2_sk_...",
                    "description": "An API key (POST /v1/api-keys); an operation that takes"
                    " one names the scope it needs. Elsewhere: 403 api_key_not_allowed.",
                },
                "cookie": {"type": "apiKey", "in": "cookie", "name": settings.session_cookie_name},
            },
            "schemas": dict(sorted(components.schemas.items())),
        },
    }
