"""Data-map entries for the media: the uploads and generations tables and their S3
prefixes (raw uploads, sanitized inputs, generated images)."""

from __future__ import annotations

from chalicelib.domain import s3_keys
from chalicelib.privacy.data_map import ByHashKey, Delete, Expiry, PrefixEntry, TableEntry

ID = "user.unique_id"
OPS = "system.operations"
CONTENT = "user.content.private"

TABLES = [
    TableEntry(
        table="generations",
        description="Generation tasks: prompt, parameters, status, cost and image keys",
        purpose="Generate and deliver the images you ask for",
        legal_basis="contract",
        retention="generations_free",
        attributes={
            "user_id": ID,
            "generation_id": OPS,
            "status": OPS,
            "model": OPS,
            "prompt": CONTENT,
            "params": CONTENT,
            "created_at": OPS,
            "started_at": OPS,
            "completed_at": OPS,
            "cost_credits": "user.financial",
            "cost_state": "user.financial",
            "hold": OPS,
            "usage": OPS,
            "error": OPS,
            "images": CONTENT,
            "outputs": CONTENT,
            "retention_class": OPS,
            "idempotency_key": ID,
            "expires_at": OPS,
            "expires": OPS,
            "user_status": ID,
            "user_model": ID,
            "favorite_of": ID,  # a favorite: exported as the generation's `favorite`
            "collection_ids": CONTENT,
            "parent": CONTENT,
            "workflow_run_id": OPS,
            "partials": CONTENT,  # streamed previews' keys, while it runs
        },
        lookup=ByHashKey(),
        erasure=Delete(),
        # Each task carries its plan's expiry (free 30 days, paid 365).
        expiry=Expiry("expires_at"),
        objects=lambda item: (s3_keys.generation_prefix(item.user_id, item.generation_id),),
        export="generations",
    ),
    TableEntry(
        table="uploads",
        description="Uploaded images and masks: status, size, type and dimensions",
        purpose="Edit your images as you ask",
        legal_basis="contract",
        retention="uploads",
        attributes={
            "user_id": ID,
            "upload_id": OPS,
            "status": OPS,
            "purpose": OPS,
            "content_type": OPS,
            "declared_size": OPS,
            "width": OPS,
            "height": OPS,
            "key": OPS,
            "reason": OPS,
            "created_at": OPS,
            "expires_at": OPS,
            "expires": OPS,
        },
        lookup=ByHashKey(),
        erasure=Delete(),
        expiry=Expiry("expires_at"),
        objects=lambda item: (
            s3_keys.upload_key(item.user_id, item.upload_id),
            s3_keys.input_prefix(item.user_id, item.upload_id),
        ),
        export="uploads",
    ),
]

PREFIXES = [
    PrefixEntry(
        prefix=s3_keys.UPLOADS,
        name="uploads",
        description="Images and masks you upload (metadata removed)",
        categories=("user.content.private", "user.content.self_image"),
        purpose="Edit your images as you ask",
        legal_basis="contract",
        retention=("uploads",),
    ),
    PrefixEntry(
        prefix=s3_keys.INPUTS,
        name="inputs",
        description="Your uploaded images after re-encoding (metadata removed)",
        categories=("user.content.private", "user.content.self_image"),
        purpose="Edit your images as you ask",
        legal_basis="contract",
        retention=("uploads",),
    ),
    PrefixEntry(
        prefix=s3_keys.GENERATIONS,
        name="generations",
        description="Generated images and thumbnails",
        categories=("user.content.private",),
        purpose="Deliver the images you generate",
        legal_basis="contract",
        retention=("generations_free", "generations_paid"),
    ),
]
