"""Tables of accounts and authentication: users, email locks, sessions, one-time tokens,
security events and login throttles."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    JSONAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.adapters.models.base import BaseMeta, Model, table_name


class UserModel(Model):
    class Meta(BaseMeta):
        table_name = table_name("users")

    user_id = UnicodeAttribute(hash_key=True)
    email = UnicodeAttribute()
    name = UnicodeAttribute()
    password_hash = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    email_verified = BooleanAttribute(default=False)
    settings = JSONAttribute(default=dict)
    plan = UnicodeAttribute(default="free")
    role = UnicodeAttribute(default="user")
    credits_available = NumberAttribute(default=0)
    credits_held = NumberAttribute(default=0)
    restricted = BooleanAttribute(default=False)
    suspended = BooleanAttribute(default=False)
    over_13 = BooleanAttribute(default=True)
    birth_year = NumberAttribute()
    policy_version = UnicodeAttribute()
    policy_accepted_at = UTCDateTimeAttribute()
    verify_code_hash = UnicodeAttribute(null=True)
    verify_expires_at = UTCDateTimeAttribute(null=True)
    verify_attempts = NumberAttribute(default=0)
    bonus_granted = BooleanAttribute(default=False)
    # Goes up with each password change or reset; a reset token is good only in its epoch.
    password_epoch = NumberAttribute(default=0)
    deletion_request_id = UnicodeAttribute(null=True)
    deletion_scheduled_for = UTCDateTimeAttribute(null=True)
    # Generation admission: tasks holding credits, and the per-minute submission window.
    active_generations = NumberAttribute(default=0)
    generation_window = UnicodeAttribute(null=True)
    generation_window_count = NumberAttribute(default=0)
    version = VersionAttribute()


class EmailLockModel(Model):
    """Makes email addresses unique: written in the same transaction as the user."""

    class Meta(BaseMeta):
        table_name = table_name("emails")

    email = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()


class SessionsByUser(GlobalSecondaryIndex["SessionModel"]):
    class Meta:
        index_name = "by_user"
        projection = AllProjection()

    user_id = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class SessionModel(Model):
    """Keyed by the SHA-256 of the bearer token; the token itself is never stored."""

    class Meta(BaseMeta):
        table_name = table_name("sessions")

    token_hash = UnicodeAttribute(hash_key=True)
    session_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    last_seen_at = UTCDateTimeAttribute()
    idle_expires_at = UTCDateTimeAttribute()
    absolute_expires_at = UTCDateTimeAttribute()
    fresh_until = UTCDateTimeAttribute(null=True)
    user_agent = UnicodeAttribute(default="")
    ip_prefix = UnicodeAttribute(default="")
    expires = TTLAttribute()
    by_user = SessionsByUser()


class TokensByUser(GlobalSecondaryIndex["OneTimeTokenModel"]):
    class Meta:
        index_name = "by_user"
        projection = AllProjection()

    user_id = UnicodeAttribute(hash_key=True)


class OneTimeTokenModel(Model):
    """Password-reset tokens, stored as SHA-256, single use, valid in one password epoch."""

    class Meta(BaseMeta):
        table_name = table_name("tokens")

    token_hash = UnicodeAttribute(hash_key=True)
    purpose = UnicodeAttribute()
    user_id = UnicodeAttribute()
    password_epoch = NumberAttribute(default=0)  # the user's when the token was issued
    expires_at = UTCDateTimeAttribute()
    used = BooleanAttribute(default=False)
    expires = TTLAttribute()
    by_user = TokensByUser()


class SecurityEventModel(Model):
    class Meta(BaseMeta):
        table_name = table_name("security-events")

    user_id = UnicodeAttribute(hash_key=True)
    event_id = UnicodeAttribute(range_key=True)
    type = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    ip_prefix = UnicodeAttribute(default="")
    user_agent = UnicodeAttribute(default="")
    expires = TTLAttribute()


class ThrottleModel(Model):
    """Failed-login counters per account (keyed by a hash of the email) and per IP
    (keyed by a hash of the address): no plain email or IP is stored."""

    class Meta(BaseMeta):
        table_name = table_name("throttles")

    key = UnicodeAttribute(hash_key=True)
    failures = NumberAttribute(default=0)
    window_started_at = UTCDateTimeAttribute()
    blocked_until = UTCDateTimeAttribute(null=True)
    expires = TTLAttribute()
