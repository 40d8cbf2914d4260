"""PynamoDB persistence for API keys: items in, `ApiKey` entities out."""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import DeleteError, DoesNotExist, UpdateError

from chalicelib.adapters.cursors import page_query
from chalicelib.adapters.models.api_keys import ApiKeyModel
from chalicelib.domain.api_key_entities import ApiKey, Scope


def _entity(item: ApiKeyModel) -> ApiKey:
    return ApiKey(
        key_hash=item.key_hash,
        key_id=item.key_id,
        user_id=item.user_id,
        name=item.name,
        prefix=item.prefix,
        scopes=tuple(Scope(s) for s in item.scopes),
        created_at=item.created_at,
        last_used_at=item.last_used_at,
        expires_at=item.expires_at,
    )


class ApiKeysStore:
    def save(self, key: ApiKey) -> None:
        ApiKeyModel(
            key.key_hash,
            key_id=key.key_id,
            user_id=key.user_id,
            name=key.name,
            prefix=key.prefix,
            scopes=[s.value for s in key.scopes],
            created_at=key.created_at,
            expires_at=key.expires_at,
            expires=key.expires_at,
        ).save(condition=ApiKeyModel.key_hash.does_not_exist())

    def find(self, key_hash: str) -> ApiKey | None:
        try:
            return _entity(ApiKeyModel.get(key_hash, consistent_read=True))
        except DoesNotExist:
            return None

    def find_by_id(self, user_id: str, key_id: str) -> ApiKey | None:
        for item in ApiKeyModel.by_user.query(user_id, ApiKeyModel.key_id == key_id, limit=1):
            return _entity(item)
        return None

    def page(
        self, user_id: str, limit: int, cursor: str | None, now: datetime
    ) -> tuple[list[ApiKey], str | None]:
        current = ApiKeyModel.expires_at.does_not_exist() | (ApiKeyModel.expires_at > now)
        items, next_cursor = page_query(
            ApiKeyModel, user_id, limit, cursor, ApiKeyModel.by_user, filter_condition=current
        )
        return [_entity(item) for item in items], next_cursor

    def delete(self, key: ApiKey) -> bool:
        try:
            ApiKeyModel(key.key_hash).delete(condition=ApiKeyModel.user_id == key.user_id)
        except DeleteError:
            return False
        return True

    def touch(self, key: ApiKey, now: datetime, unless_after: datetime) -> bool:
        """One conditional UpdateItem: never on a revoked key (it would recreate it), nor
        when another request recorded a use since `unless_after`."""
        not_recent = ApiKeyModel.last_used_at.does_not_exist() | (
            ApiKeyModel.last_used_at <= unless_after
        )
        try:
            ApiKeyModel(key.key_hash).update(
                actions=[ApiKeyModel.last_used_at.set(now)],
                condition=ApiKeyModel.key_hash.exists() & not_recent,
            )
        except UpdateError:
            return False
        return True
