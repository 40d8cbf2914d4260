"""Uploads of input images and masks (presigned S3 POST, then sanitized on arrival)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.api.models import lazy
from chalicelib.api.request_context import Reply, RequestContext
from chalicelib.api.routing import Router
from chalicelib.domain.api_key_entities import GENERATIONS

if TYPE_CHECKING:
    from chalicelib.api.models import generations
else:
    generations = lazy("generations")

router = Router(__name__, "uploads", GENERATIONS)


@router.route(
    "/v1/uploads",
    "POST",
    summary="Start an upload: a presigned S3 POST bounded to the size and type",
    status=201,
    body=lambda: generations.UploadRequest,
    response=lambda: generations.UploadCreated,
    errors=("unsupported_media_type", "payload_too_large"),
)
def create_upload(ctx: RequestContext) -> Reply:
    body: generations.UploadRequest = ctx.body
    started = ctx.services.uploads.create(
        ctx.user.user_id, body.content_type, body.size, body.purpose
    )
    created = generations.UploadCreated.model_validate(started, from_attributes=True)
    return Reply(created, 201, {"Location": f"/v1/uploads/{created.id}"})


@router.route(
    "/v1/uploads/{upload_id}",
    "GET",
    summary="An upload's status and dimensions",
    response=lambda: generations.Upload,
    errors=("not_found",),
)
def get_upload(ctx: RequestContext, upload_id: str) -> generations.Upload:
    return generations.Upload.from_entity(ctx.services.uploads.get(ctx.user.user_id, upload_id))


@router.route(
    "/v1/uploads/{upload_id}",
    "DELETE",
    summary="Delete an upload and every version of its objects",
    status=204,
    errors=("not_found",),
)
def delete_upload(ctx: RequestContext, upload_id: str) -> Reply:
    ctx.services.uploads.delete(ctx.user.user_id, upload_id)
    return Reply(status=204)
