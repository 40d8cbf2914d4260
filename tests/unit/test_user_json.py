"""`GET /v1/me` answers `user_json` without building a model; `accounts.User` is still
the shape: it validates that value, dumps it unchanged, and builds itself from it."""

import json
from datetime import UTC, date, datetime
from types import SimpleNamespace

from chalicelib.api.models.accounts import User
from chalicelib.api.models.user_json import user_json
from chalicelib.domain import accounts_entities
from chalicelib.domain.accounts import PolicyStatus

CREATED = datetime(2025, 3, 4, 5, 6, 7, 891011, tzinfo=UTC)
SCHEDULED = datetime(2025, 4, 1, 12, 0, 0, tzinfo=UTC)


class Accounts:
    def __init__(self) -> None:
        self.asked: list[tuple[str, date]] = []

    def policy_status(self, user: accounts_entities.User, today: date) -> PolicyStatus:
        self.asked.append((user.user_id, today))
        return PolicyStatus(
            accepted_version=user.policy_version,
            current_version="2026-11-01",
            needs_acceptance=user.policy_version != "2026-11-01",
        )


def services(now: datetime) -> SimpleNamespace:
    return SimpleNamespace(clock=SimpleNamespace(now=lambda: now), accounts=Accounts())


def entity(**changes: object) -> accounts_entities.User:
    fields: dict[str, object] = {
        "user_id": "usr_01jd4x0000abcdefghjkmnpqrs",
        "email": "ann@example.com",
        "name": "Ann",
        "password_hash": "$argon2id$...",
        "created_at": CREATED,
        "email_verified": True,
        "settings": {"theme": "dark", "email_notifications": False},
        "plan": "pro",
        "role": accounts_entities.Role.ADMIN,
        "credits_available": 40,
        "credits_held": 2,
        "birth_year": 1990,
        "policy_version": "2026-01-01",
        "policy_accepted_at": CREATED,
    }
    return accounts_entities.User(**(fields | changes))  # type: ignore[arg-type]


def test_the_value_is_the_user_as_the_api_writes_it():
    given = services(datetime(2025, 5, 6, 23, 59, tzinfo=UTC))
    value = user_json(entity(), given)  # type: ignore[arg-type]
    assert value == {
        "id": "usr_01jd4x0000abcdefghjkmnpqrs",
        "email": "ann@example.com",
        "email_verified": True,
        "name": "Ann",
        "created_at": "2025-03-04T05:06:07Z",
        "settings": {"theme": "dark", "email_notifications": False},
        "plan": "pro",
        "role": "admin",
        "credits": {"available": 40, "held": 2},
        "restricted": False,
        "suspended": False,
        "policy": {
            "accepted_version": "2026-01-01",
            "current_version": "2026-11-01",
            "needs_acceptance": True,
        },
        "deletion": None,
    }
    assert given.accounts.asked == [("usr_01jd4x0000abcdefghjkmnpqrs", date(2025, 5, 6))]


def test_a_scheduled_deletion_is_part_of_the_value():
    user = entity(deletion_request_id="prq_1", deletion_scheduled_for=SCHEDULED, settings={})
    value = user_json(user, services(CREATED))  # type: ignore[arg-type]
    assert value["deletion"] == {"request_id": "prq_1", "scheduled_for": "2025-04-01T12:00:00Z"}
    assert value["settings"] == {}


def test_the_model_validates_the_value_and_dumps_it_unchanged():
    for user in (
        entity(),
        entity(deletion_request_id="prq_1", deletion_scheduled_for=SCHEDULED),
        entity(settings={"locale": "en-GB", "default_size": "1024x1024"}, policy_version="x"),
    ):
        value = user_json(user, services(CREATED))  # type: ignore[arg-type]
        assert User.model_validate_json(json.dumps(value)).dump() == value
        assert User.from_entity(user, services(CREATED)).dump() == value  # type: ignore[arg-type]


def test_a_value_the_model_rejects_is_caught():
    """The round trip above can fail: a field the shape does not have is refused."""
    value = user_json(entity(), services(CREATED))  # type: ignore[arg-type]
    try:
        User.model_validate_json(json.dumps({**value, "nickname": "A"}))
    except ValueError as error:
        assert "nickname" in str(error)
    else:
        raise AssertionError("User accepted a field it does not declare")
