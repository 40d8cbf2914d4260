"""The library: collections and their members, and the per-user prompt-word index.

`library` holds a person's collections and memberships under their user id, one sort
key per kind, so every read is a query of one partition:
`col#<collection_id>` a collection (name, description, item_count, cover),
`item#<collection_id>#<generation_id>` a member, listed newest first by the
generation's id (ids sort by time), `member#<generation_id>#<collection_id>` the same
membership from the generation's side (what deleting a generation removes), and
`count` the number of collections (the limit's counter).

`prompt_words` is the index `q` reads: one item per distinct word of a prompt,
`<word>#<generation_id>` under the user id, so a word's generations come newest first
from one query that reads only the page."""

from __future__ import annotations

from pynamodb.attributes import (
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)

from chalicelib.adapters.models.base import BaseMeta, Model, table_name


class LibraryModel(Model):
    class Meta(BaseMeta):
        table_name = table_name("library")

    user_id = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    collection_id = UnicodeAttribute(null=True)
    generation_id = UnicodeAttribute(null=True)
    name = UnicodeAttribute(null=True)
    description = UnicodeAttribute(null=True)
    item_count = NumberAttribute(null=True)
    collection_count = NumberAttribute(null=True)
    cover_generation_id = UnicodeAttribute(null=True)  # the cover: the last image added
    cover_index = NumberAttribute(null=True)
    created_at = UTCDateTimeAttribute(null=True)
    updated_at = UTCDateTimeAttribute(null=True)
    # A membership expires with its generation (a collection itself does not expire).
    expires_at = UTCDateTimeAttribute(null=True)
    expires = TTLAttribute(null=True)


class PromptWordModel(Model):
    class Meta(BaseMeta):
        table_name = table_name("prompt_words")

    user_id = UnicodeAttribute(hash_key=True)
    word_key = UnicodeAttribute(range_key=True)  # "<word>#<generation_id>"
    generation_id = UnicodeAttribute()
    expires_at = UTCDateTimeAttribute()  # the generation's
    expires = TTLAttribute()
