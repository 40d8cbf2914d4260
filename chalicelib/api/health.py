"""Health and discovery."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.api.models import lazy
from chalicelib.api.request_context import RequestContext
from chalicelib.api.routing import Router

if TYPE_CHECKING:
    from chalicelib.api.models import public
else:
    public = lazy("public")

router = Router(__name__, "health")


@router.route(
    "/v1/health",
    "GET",
    summary="Liveness",
    auth="none",
    response=lambda: public.Health,
)
def health(ctx: RequestContext) -> public.Health:
    return public.Health(status="ok", version=ctx.settings.version, stage=ctx.settings.stage)


@router.route(
    "/v1/openapi.json",
    "GET",
    summary="This API's OpenAPI 3.1 document",
    auth="none",
    response=lambda: public.OpenApiDocument,
)
def openapi(ctx: RequestContext) -> dict[str, Any]:
    from chalicelib.api.openapi import build_document

    return build_document(ctx.settings)
