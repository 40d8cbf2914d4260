"""Uploads of input images and masks (presigned S3 POST, then sanitized on arrival)."""

from __future__ import annotations

from typing import Any

from chalicelib.api.routing import Reply, RequestContext, Router
from chalicelib.api.schema import Schema, obj
from chalicelib.clock import isoformat
from chalicelib.domain.uploads import CONTENT_TYPES

router = Router(__name__, "uploads")

UPLOAD_SCHEMA: Schema = {
    "type": "object",
    "required": ["id", "status", "purpose", "content_type", "expires_at"],
    "properties": {
        "id": {"type": "string", "examples": ["upl_01jd4x0000abcdefghjkmnpqrs"]},
        "status": {"type": "string", "enum": ["pending", "ready", "rejected"]},
        "purpose": {"type": "string", "enum": ["input", "mask"]},
        "width": {"type": ["integer", "null"]},
        "height": {"type": ["integer", "null"]},
        "content_type": {"type": "string"},
        "reason": {"type": "string"},
        "expires_at": {"type": "string", "format": "date-time"},
    },
}


def present_upload(upload: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": upload.upload_id,
        "status": upload.status,
        "purpose": upload.purpose,
        "width": int(upload.width) if upload.width is not None else None,
        "height": int(upload.height) if upload.height is not None else None,
        "content_type": upload.content_type,
        "expires_at": isoformat(upload.expires_at),
    }
    if upload.reason:
        body["reason"] = upload.reason
    return body


@router.route(
    "/v1/uploads",
    "POST",
    summary="Start an upload: a presigned S3 POST bounded to the size and type",
    status=201,
    body=obj(
        {
            "content_type": {
                "type": "string",
                "minLength": 1,
                "maxLength": 100,
                "examples": list(CONTENT_TYPES),
            },
            "size": {"type": "integer", "minimum": 1},
            "purpose": {"type": "string", "enum": ["input", "mask"]},
        },
        ("content_type", "size", "purpose"),
    ),
    response=obj(
        {
            "id": {"type": "string"},
            "url": {"type": "string"},
            "fields": {"type": "object", "additionalProperties": {"type": "string"}},
            "expires_at": {"type": "string", "format": "date-time"},
        }
    ),
    errors=("unsupported_media_type", "payload_too_large"),
)
def create_upload(ctx: RequestContext) -> Reply:
    body = ctx.json
    created = ctx.services.uploads.create(
        ctx.user.user_id, body["content_type"], body["size"], body["purpose"]
    )
    created["expires_at"] = isoformat(created["expires_at"])
    return Reply(created, 201, {"Location": f"/v1/uploads/{created['id']}"})


@router.route(
    "/v1/uploads/{upload_id}",
    "GET",
    summary="An upload's status and dimensions",
    response=UPLOAD_SCHEMA,
    errors=("not_found",),
)
def get_upload(ctx: RequestContext, upload_id: str) -> dict:
    return present_upload(ctx.services.uploads.get(ctx.user.user_id, upload_id))


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
