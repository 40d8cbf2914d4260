"""Consent records, usage events, support messages and child-account reports."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    JSONAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)

from chalicelib.adapters.models.base import BaseMeta, Model, table_name


class ConsentRecordModel(Model):
    """One record per change of a subject's consent; the newest is in force. The subject
    is a user id, or the `consent_id` cookie of an anonymous visitor."""

    class Meta(BaseMeta):
        table_name = table_name("consent")

    subject_id = UnicodeAttribute(hash_key=True)
    record_id = UnicodeAttribute(range_key=True)
    consent_id = UnicodeAttribute()
    functional = BooleanAttribute()
    analytics = BooleanAttribute()
    marketing = BooleanAttribute()
    policy_version = UnicodeAttribute()
    method = UnicodeAttribute()
    gpc = BooleanAttribute(default=False)
    created_at = UTCDateTimeAttribute()
    expires = TTLAttribute()


class UsageEventModel(Model):
    class Meta(BaseMeta):
        table_name = table_name("usage-events")

    subject_id = UnicodeAttribute(hash_key=True)
    event_id = UnicodeAttribute(range_key=True)
    type = UnicodeAttribute()
    name = UnicodeAttribute()
    properties = JSONAttribute(default=dict)
    occurred_at = UTCDateTimeAttribute(null=True)
    received_at = UTCDateTimeAttribute()
    ip_prefix = UnicodeAttribute(default="")
    country = UnicodeAttribute(default="")
    browser_family = UnicodeAttribute(default="")
    device_class = UnicodeAttribute(default="")
    expires = TTLAttribute()


class SupportMessageModel(Model):
    class Meta(BaseMeta):
        table_name = table_name("support-messages")

    user_id = UnicodeAttribute(hash_key=True)
    message_id = UnicodeAttribute(range_key=True)
    subject = UnicodeAttribute()
    body = UnicodeAttribute()
    status = UnicodeAttribute(default="open")
    created_at = UTCDateTimeAttribute()
    expires = TTLAttribute()


class ChildReportModel(Model):
    """A report that an account belongs to a child under 13. The reported email is
    resolved to an account at once and not stored."""

    class Meta(BaseMeta):
        table_name = table_name("child-reports")

    report_id = UnicodeAttribute(hash_key=True)
    account_user_id = UnicodeAttribute(null=True)
    reporter_user_id = UnicodeAttribute(null=True)
    details = UnicodeAttribute(default="")
    status = UnicodeAttribute(default="open")
    created_at = UTCDateTimeAttribute()
    resolved_at = UTCDateTimeAttribute(null=True)
    expires = TTLAttribute()
