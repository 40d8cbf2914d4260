"""Saved workflows: one item per workflow, keyed by user then id (ids sort by time, so
a user's list is newest first); the definition's variables and steps as JSON."""

from __future__ import annotations

from pynamodb.attributes import (
    JSONAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)

from chalicelib.adapters.models.base import BaseMeta, Model, table_name


class WorkflowModel(Model):
    class Meta(BaseMeta):
        table_name = table_name("workflows")

    user_id = UnicodeAttribute(hash_key=True)
    workflow_id = UnicodeAttribute(range_key=True)
    name = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    version = NumberAttribute()
    variables = JSONAttribute(default=list)
    steps = JSONAttribute(default=list)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
