"""API keys: /v1/api-keys*."""

from __future__ import annotations

from pydantic import Field

from chalicelib.api.models.base import RequestModel, ResponseModel, Time, Timestamp
from chalicelib.domain.api_key_entities import ApiKey as ApiKeyEntity
from chalicelib.domain.api_key_entities import IssuedKey, Scope


class ApiKeyRequest(RequestModel):
    name: str = Field(min_length=1, max_length=100, examples=["nightly batch"])
    scopes: list[Scope] = Field(min_length=1, max_length=len(Scope))
    expires_at: Timestamp | None = None  # in the future; none: until revoked


class ApiKey(ResponseModel):
    """A key as listed: never its secret."""

    id: str = Field(examples=["key_01jd4x0000abcdefghjkmnpqrs"])
    name: str
    prefix: str = Field(examples=["gi2_sk_Ab3dE"])
    scopes: list[Scope]
    created_at: Time
    last_used_at: Time | None
    expires_at: Time | None

    @classmethod
    def fields_of(cls, key: ApiKeyEntity) -> dict[str, object]:
        return {
            "id": key.key_id,
            "name": key.name,
            "prefix": key.prefix,
            "scopes": list(key.scopes),
            "created_at": key.created_at,
            "last_used_at": key.last_used_at,
            "expires_at": key.expires_at,
        }

    @classmethod
    def from_entity(cls, key: ApiKeyEntity) -> ApiKey:
        return cls.model_validate(cls.fields_of(key))


class ApiKeyCreated(ApiKey):
    """The new key, with its secret: shown this once, never again."""

    key: str = Field(examples=["gi2_sk_Ab3dE..."])

    @classmethod
    def issued(cls, issued: IssuedKey) -> ApiKeyCreated:
        return cls.model_validate({**cls.fields_of(issued.key), "key": issued.secret})
