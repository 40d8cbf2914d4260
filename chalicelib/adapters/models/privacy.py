"""Privacy requests, their append-only audit trail, and erasure tombstones."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    JSONAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.adapters.models.base import BaseMeta, Model, table_name


class RequestsByUser(GlobalSecondaryIndex["PrivacyRequestModel"]):
    class Meta:
        index_name = "by_user"
        projection = AllProjection()

    user_id = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class PrivacyRequestModel(Model):
    class Meta(BaseMeta):
        table_name = table_name("privacy-requests")

    request_id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()  # replaced by a pseudonym when the account is erased
    type = UnicodeAttribute()
    status = UnicodeAttribute()
    actor = UnicodeAttribute(default="user")
    created_at = UTCDateTimeAttribute()
    due_at = UTCDateTimeAttribute()
    completed_at = UTCDateTimeAttribute(null=True)
    scheduled_for = UTCDateTimeAttribute(null=True)
    export_key = UnicodeAttribute(null=True)
    file_expires_at = UTCDateTimeAttribute(null=True)
    was_restricted = BooleanAttribute(default=False)
    expires = TTLAttribute()
    by_user = RequestsByUser()


class PrivacyAuditModel(Model):
    """One line per step of a request: who (a role, not a person), what, counts."""

    class Meta(BaseMeta):
        table_name = table_name("privacy-audit")

    request_id = UnicodeAttribute(hash_key=True)
    entry_id = UnicodeAttribute(range_key=True)
    actor = UnicodeAttribute()
    step = UnicodeAttribute()
    counts = JSONAttribute(default=dict)
    created_at = UTCDateTimeAttribute()
    expires = TTLAttribute()


class TombstoneModel(Model):
    """A keyed hash of an erased account's email, so a restored backup can be re-erased."""

    class Meta(BaseMeta):
        table_name = table_name("tombstones")

    email_hmac = UnicodeAttribute(hash_key=True)
    pseudonym = UnicodeAttribute()
    deleted_at = UTCDateTimeAttribute()
    expires = TTLAttribute()
