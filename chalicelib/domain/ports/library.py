"""What the library service needs: its store (favorites, collections, members)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from chalicelib.domain.library_entities import Collection


class LibraryStore(Protocol):
    def set_favorite(self, user_id: str, generation_id: str, favorite: bool) -> None:
        """NotFound when the user has no such generation."""

    def create(self, collection: Collection) -> None:
        """Conflict `limit_reached` at MAX_COLLECTIONS."""

    def get(self, user_id: str, collection_id: str) -> Collection: ...

    def page(
        self, user_id: str, limit: int, cursor: str | None
    ) -> tuple[list[Collection], str | None]: ...

    def update(
        self, user_id: str, collection_id: str, fields: dict[str, str], now: datetime
    ) -> Collection: ...

    def delete(self, user_id: str, collection_id: str) -> None: ...

    def add(
        self,
        user_id: str,
        collection_id: str,
        generation_id: str,
        expires_at: datetime,
        now: datetime,
    ) -> None:
        """Idempotent; NotFound for either side missing, Conflict `limit_reached` when full."""

    def remove(self, user_id: str, collection_id: str, generation_id: str) -> None: ...
