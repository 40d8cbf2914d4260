"""Generation tasks: one item per generation, keyed by user then id (ids sort by time,
so a user's list is newest first). `hold` is set only while credits are held, which
makes the `holds` index list exactly the tasks the reaper must watch. The workflow
knows a task by its generation id alone (no user id in Step Functions' history): the
keys-only `by_generation` index leads from it to the item."""

from __future__ import annotations

from pynamodb.attributes import (
    JSONAttribute,
    ListAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection

from chalicelib.adapters.models.base import BaseMeta, Model, table_name


class PendingHolds(GlobalSecondaryIndex["GenerationModel"]):
    class Meta:
        index_name = "holds"
        projection = AllProjection()

    hold = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class ByGeneration(GlobalSecondaryIndex["GenerationModel"]):
    class Meta:
        index_name = "by_generation"
        projection = KeysOnlyProjection()

    generation_id = UnicodeAttribute(hash_key=True)


class _PerUser(GlobalSecondaryIndex["GenerationModel"]):
    """A person's generations with one property (`<user_id>#<value>`), newest first:
    a filtered list reads only its page."""

    class Meta:
        projection = AllProjection()

    generation_id = UnicodeAttribute(range_key=True)


class ByStatus(_PerUser):
    class Meta(_PerUser.Meta):
        index_name = "by_status"

    user_status = UnicodeAttribute(hash_key=True)


class ByModel(_PerUser):
    class Meta(_PerUser.Meta):
        index_name = "by_model"

    user_model = UnicodeAttribute(hash_key=True)


class Favorites(_PerUser):
    """Sparse: only favorites carry `favorite_of` (their user id)."""

    class Meta(_PerUser.Meta):
        index_name = "favorites"

    favorite_of = UnicodeAttribute(hash_key=True)


class GenerationModel(Model):
    class Meta(BaseMeta):
        table_name = table_name("generations")

    user_id = UnicodeAttribute(hash_key=True)
    generation_id = UnicodeAttribute(range_key=True)
    status = UnicodeAttribute()
    model = UnicodeAttribute()
    prompt = UnicodeAttribute()
    params = JSONAttribute()
    created_at = UTCDateTimeAttribute()
    started_at = UTCDateTimeAttribute(null=True)
    completed_at = UTCDateTimeAttribute(null=True)
    cost_credits = NumberAttribute()
    cost_state = UnicodeAttribute()  # "held", "captured" or "released"
    hold = UnicodeAttribute(null=True)  # "held" while the hold is pending (sparse index)
    usage = JSONAttribute(null=True)
    error = JSONAttribute(null=True)
    images = JSONAttribute(default=list)  # [{index, key, thumbnail_key, width, ...}]
    # What the generate step stored ({images, usage}), recorded only while the task is
    # active and holds its credits; the capture moves it to `images` and `usage`.
    outputs = JSONAttribute(null=True)
    retention_class = UnicodeAttribute()
    idempotency_key = UnicodeAttribute(null=True)  # its Idempotency-Key record, if any
    expires_at = UTCDateTimeAttribute()
    expires = TTLAttribute()
    # The library: the keys of the filter indexes, the collections it is in, its source.
    user_status = UnicodeAttribute(null=True)  # "<user_id>#<status>"
    user_model = UnicodeAttribute(null=True)  # "<user_id>#<model>"
    favorite_of = UnicodeAttribute(null=True)  # the user id while a favorite
    collection_ids = UnicodeSetAttribute(null=True)
    parent = JSONAttribute(null=True)  # {generation_id, index} of a remix's source
    workflow_run_id = UnicodeAttribute(null=True)  # the run that made it, if any
    partials = ListAttribute(of=UnicodeAttribute, null=True)  # preview keys, while running
    holds = PendingHolds()
    by_generation = ByGeneration()
    by_status = ByStatus()
    by_model = ByModel()
    favorites = Favorites()


class UploadModel(Model):
    class Meta(BaseMeta):
        table_name = table_name("uploads")

    user_id = UnicodeAttribute(hash_key=True)
    upload_id = UnicodeAttribute(range_key=True)
    status = UnicodeAttribute()  # "pending", "ready" or "rejected"
    purpose = UnicodeAttribute()  # "input" or "mask"
    content_type = UnicodeAttribute()
    declared_size = NumberAttribute()
    width = NumberAttribute(null=True)
    height = NumberAttribute(null=True)
    key = UnicodeAttribute(null=True)  # the sanitized object, once ready
    reason = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    expires_at = UTCDateTimeAttribute()
    expires = TTLAttribute()
