"""What the API-key service needs: the store of keys."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from chalicelib.domain.accounts_entities import SecurityEventType
    from chalicelib.domain.api_key_entities import ApiKey


class ApiKeyRecords(Protocol):
    def save(self, key: ApiKey) -> None: ...

    def find(self, key_hash: str) -> ApiKey | None:
        """The key whose secret has this digest (one consistent read)."""
        ...

    def find_by_id(self, user_id: str, key_id: str) -> ApiKey | None: ...

    def page(
        self, user_id: str, limit: int, cursor: str | None, now: datetime
    ) -> tuple[list[ApiKey], str | None]:
        """The user's keys that have not expired, newest first."""
        ...

    def delete(self, key: ApiKey) -> bool:
        """False when it was already gone."""
        ...

    def touch(self, key: ApiKey, now: datetime, unless_after: datetime) -> bool:
        """Set `last_used_at` to `now` unless the stored one is later than `unless_after`
        (or the key is gone); whether it was set."""
        ...


class SecurityEventRecords(Protocol):
    def record_event(
        self,
        user_id: str,
        kind: SecurityEventType,
        now: datetime,
        ip_prefix: str,
        user_agent: str,
    ) -> None: ...
