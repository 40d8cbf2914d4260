"""The library: /v1/collections*, the list's filters, the image link's variant."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from chalicelib.api.models.base import QueryModel, RequestModel, ResponseModel, Time
from chalicelib.domain.image_models import ImageRef as ImageRefEntity
from chalicelib.domain.library_entities import Collection as CollectionEntity


class ImageRef(ResponseModel):
    generation_id: str
    index: int

    @classmethod
    def of(cls, ref: ImageRefEntity | None) -> ImageRef | None:
        return None if ref is None else cls(generation_id=ref.generation_id, index=ref.index)


class Collection(ResponseModel):
    id: str = Field(examples=["col_01jd4x0000abcdefghjkmnpqrs"])
    name: str
    description: str
    item_count: int
    cover: ImageRef | None
    created_at: Time
    updated_at: Time

    @classmethod
    def from_entity(cls, c: CollectionEntity) -> Collection:
        return cls(
            id=c.collection_id,
            name=c.name,
            description=c.description,
            item_count=c.item_count,
            cover=ImageRef.of(c.cover),
            created_at=c.created_at,
            updated_at=c.updated_at,
        )


class CollectionRequest(RequestModel):
    name: str = Field(min_length=1, max_length=100)
    description: str = Field("", max_length=1000)


class CollectionPatch(RequestModel):
    name: str | None = Field(None, min_length=1, max_length=100)
    description: str | None = Field(None, max_length=1000)


class ImageQuery(QueryModel):
    variant: Literal["original", "thumbnail"] = "original"
