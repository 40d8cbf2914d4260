"""Generation tasks: one item per generation, keyed by user then id (ids sort by time,
so a user's list is newest first). `hold` is set only while credits are held, which
makes the `holds` index list exactly the tasks the reaper must watch. The workflow
knows a task by its generation id alone (no user id in Step Functions' history): the
keys-only `by_generation` index leads from it to the item."""

from __future__ import annotations

from pynamodb.attributes import (
    JSONAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
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
    holds = PendingHolds()
    by_generation = ByGeneration()


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
