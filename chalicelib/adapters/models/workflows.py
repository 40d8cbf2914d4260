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


class WorkflowRunModel(Model):
    """A workflow run: keyed by user then run id (newest first); its expansions (which
    generations each step makes) as JSON, and the tally of its hold, which each
    generation's capture or release adds to in the same transaction."""

    class Meta(BaseMeta):
        table_name = table_name("workflow_runs")

    user_id = UnicodeAttribute(hash_key=True)
    run_id = UnicodeAttribute(range_key=True)
    workflow_id = UnicodeAttribute()
    workflow_version = NumberAttribute()
    inputs = JSONAttribute(default=dict)
    matrix = JSONAttribute(default=dict)
    expansions = JSONAttribute(default=list)
    status = UnicodeAttribute()
    credits = NumberAttribute()
    generations = NumberAttribute()
    captured = NumberAttribute(default=0)
    released = NumberAttribute(default=0)
    settled = NumberAttribute(default=0)
    succeeded = NumberAttribute(default=0)
    created_at = UTCDateTimeAttribute()
    completed_at = UTCDateTimeAttribute(null=True)
    idempotency_key = UnicodeAttribute(null=True)
