"""The library: favorites, collections and the stable links of a generation's images.
Every rule that involves a count or a race is the store's condition; this names the
operations and stamps them."""

from __future__ import annotations

from chalicelib.clock import Clock
from chalicelib.domain.generations import GenerationService
from chalicelib.domain.library_entities import Collection
from chalicelib.domain.ports.library import LibraryStore
from chalicelib.domain.ports.objects import Objects
from chalicelib.errors import NotFound
from chalicelib.ids import new_id


class LibraryService:
    def __init__(
        self,
        store: LibraryStore,
        generations: GenerationService,
        objects: Objects,
        clock: Clock,
    ) -> None:
        self._store = store
        self._generations = generations
        self._objects = objects
        self._clock = clock

    def favorite(self, user_id: str, generation_id: str, favorite: bool) -> None:
        self._store.set_favorite(user_id, generation_id, favorite)

    def create(self, user_id: str, name: str, description: str) -> Collection:
        now = self._clock.now()
        collection = Collection(
            user_id=user_id,
            collection_id=new_id("col"),
            name=name,
            description=description,
            item_count=0,
            cover=None,
            created_at=now,
            updated_at=now,
        )
        self._store.create(collection)
        return collection

    def get(self, user_id: str, collection_id: str) -> Collection:
        return self._store.get(user_id, collection_id)

    def page(
        self, user_id: str, limit: int, cursor: str | None
    ) -> tuple[list[Collection], str | None]:
        return self._store.page(user_id, limit, cursor)

    def update(self, user_id: str, collection_id: str, fields: dict[str, str]) -> Collection:
        return self._store.update(user_id, collection_id, fields, self._clock.now())

    def delete(self, user_id: str, collection_id: str) -> None:
        self._store.delete(user_id, collection_id)

    def add(self, user_id: str, collection_id: str, generation_id: str) -> None:
        """The membership expires with the generation (its expiry never changes)."""
        expires_at = self._generations.get(user_id, generation_id).expires_at
        self._store.add(user_id, collection_id, generation_id, expires_at, self._clock.now())

    def remove(self, user_id: str, collection_id: str, generation_id: str) -> None:
        self._store.remove(user_id, collection_id, generation_id)

    def image_url(self, user_id: str, generation_id: str, index: int, thumbnail: bool) -> str:
        """A fresh presigned URL of one of the generation's images."""
        generation = self._generations.get(user_id, generation_id)
        for image in generation.images:
            if image.index == index:
                return self._objects.presigned_get(image.thumbnail_key if thumbnail else image.key)
        raise NotFound("No such image.")
