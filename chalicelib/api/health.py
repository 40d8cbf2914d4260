"""Health and discovery."""

from __future__ import annotations

from chalicelib.api.routing import RequestContext, Router
from chalicelib.api.schema import obj

router = Router(__name__, "health")


@router.route(
    "/v1/health",
    "GET",
    summary="Liveness",
    auth="none",
    response=obj(
        {"status": {"type": "string"}, "version": {"type": "string"}, "stage": {"type": "string"}}
    ),
)
def health(ctx: RequestContext) -> dict:
    return {"status": "ok", "version": ctx.settings.version, "stage": ctx.settings.stage}


@router.route(
    "/v1/openapi.json",
    "GET",
    summary="This API's OpenAPI 3.1 document",
    auth="none",
    response={"type": "object", "required": ["openapi", "info", "paths"]},
)
def openapi(ctx: RequestContext) -> dict:
    from chalicelib.api.openapi import build_document

    return build_document(ctx.settings)
