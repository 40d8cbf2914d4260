"""Data-map entries for the media prefixes: uploaded images and generated images.
(The uploads and generations tables add their own entries with their feature.)"""

from __future__ import annotations

from chalicelib.adapters import s3_keys
from chalicelib.privacy.data_map import PrefixEntry

TABLES: list = []

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
        prefix=s3_keys.GENERATIONS,
        name="generations",
        description="Generated images and thumbnails",
        categories=("user.content.private",),
        purpose="Deliver the images you generate",
        legal_basis="contract",
        retention=("generations_free", "generations_paid"),
    ),
]
