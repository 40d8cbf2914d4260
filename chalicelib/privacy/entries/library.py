"""Data-map entries for the library: collections and their members (`library`) and
the prompt-word index `q` reads (`prompt_words`). Favorites are an attribute of the
generation (its entry in `media.py`)."""

from __future__ import annotations

from chalicelib.privacy.data_map import ByHashKey, Delete, Expiry, TableEntry

ID = "user.unique_id"
OPS = "system.operations"
CONTENT = "user.content.private"

TABLES = [
    TableEntry(
        table="library",
        description="Your collections (name, description, cover) and which generations are in each",
        purpose="Organise the images you make as you ask",
        legal_basis="contract",
        retention="library",
        attributes={
            "user_id": ID,
            "sk": OPS,
            "collection_id": OPS,
            "generation_id": OPS,
            "name": CONTENT,
            "description": CONTENT,
            "item_count": OPS,
            "collection_count": OPS,
            "cover_generation_id": OPS,
            "cover_index": OPS,
            "created_at": OPS,
            "updated_at": OPS,
            "expires_at": OPS,
            "expires": OPS,
        },
        lookup=ByHashKey(),
        erasure=Delete(),
        # Collections are kept while the account exists; a membership expires with its
        # generation (its `expires_at`, copied when it is added).
        expiry=Expiry("expires_at"),
        export="collections",
        note="Deleting a generation removes it from every collection (its memberships are "
        "read consistently after the generation is gone, so none can be added meanwhile); "
        "a generation's expiry removes its memberships too.",
    ),
    TableEntry(
        table="prompt_words",
        description="The words of your prompts, indexed so you can search them",
        purpose="Search your prompts as you ask",
        legal_basis="contract",
        retention="generations_free",
        attributes={
            "user_id": ID,
            "word_key": CONTENT,
            "generation_id": OPS,
            "expires_at": OPS,
            "expires": OPS,
        },
        lookup=ByHashKey(),
        erasure=Delete(),
        expiry=Expiry("expires_at"),  # the generation's own expiry
        export="prompt_words",
        note="Each item expires with its generation (free 30 days, paid 365) and is "
        "deleted with it.",
    ),
]
