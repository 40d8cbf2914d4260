"""PynamoDB persistence for the library: favorites (an attribute of the generation that
feeds the sparse `favorites` index), collections and their members (`library`). Every
limit and every race is a DynamoDB condition: the collection count and the item count
are checked by the write that moves them, and a membership is added only while both
its collection and its generation exist."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pynamodb.exceptions import TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib.adapters.cursors import page_query
from chalicelib.adapters.library_index import (
    collection_sk,
    item_sk,
    leave_collection,
    member_sk,
)
from chalicelib.adapters.models.base import connection
from chalicelib.adapters.models.generations import GenerationModel
from chalicelib.adapters.models.library import LibraryModel
from chalicelib.domain.image_models import ImageRef
from chalicelib.domain.library_entities import (
    MAX_COLLECTION_ITEMS,
    MAX_COLLECTIONS,
    Collection,
)
from chalicelib.errors import Conflict, NotFound

COUNTER_SK = "count"
_CANCELED = "TransactionCanceledException"


def _collection(item: LibraryModel) -> Collection:
    cover = None
    if item.cover_generation_id is not None:
        cover = ImageRef(item.cover_generation_id, int(item.cover_index or 0))
    assert item.collection_id and item.name is not None and item.created_at and item.updated_at
    return Collection(
        user_id=item.user_id,
        collection_id=item.collection_id,
        name=item.name,
        description=item.description or "",
        item_count=int(item.item_count or 0),
        cover=cover,
        created_at=item.created_at,
        updated_at=item.updated_at,
    )


def _canceled(exc: TransactWriteError) -> None:
    """Re-raise unless a condition canceled the transaction. (Which one is not read from
    the cancellation reasons: moto does not place them reliably.)"""
    if exc.cause_response_code != _CANCELED:
        raise exc


def _exists(model: Any, hash_key: str, range_key: str) -> bool:
    condition = model._range_key_attribute() == range_key
    return int(model.count(hash_key, condition, consistent_read=True)) > 0


def _not_found() -> NotFound:
    return NotFound("No such collection.")


class LibraryStore:
    # Favorites ------------------------------------------------------------------
    def set_favorite(self, user_id: str, generation_id: str, favorite: bool) -> None:
        attribute = GenerationModel.favorite_of
        action = attribute.set(user_id) if favorite else attribute.remove()
        try:
            GenerationModel(user_id, generation_id).update(
                actions=[action], condition=GenerationModel.generation_id.exists()
            )
        except UpdateError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                raise NotFound("No such generation.") from exc
            raise

    # Collections ----------------------------------------------------------------
    def create(self, collection: Collection) -> None:
        c = collection
        counter = LibraryModel(c.user_id, COUNTER_SK)
        item = LibraryModel(
            c.user_id,
            collection_sk(c.collection_id),
            collection_id=c.collection_id,
            name=c.name,
            description=c.description,
            item_count=0,
            created_at=c.created_at,
            updated_at=c.updated_at,
        )
        try:
            with TransactWrite(connection=connection()) as tx:
                tx.update(
                    counter,
                    actions=[LibraryModel.collection_count.add(1)],
                    condition=LibraryModel.collection_count.does_not_exist()
                    | (LibraryModel.collection_count < MAX_COLLECTIONS),
                )
                tx.save(item, condition=LibraryModel.sk.does_not_exist())
        except TransactWriteError as exc:
            _canceled(exc)  # the item's condition fails only on an id collision: the count's
            raise Conflict(f"At most {MAX_COLLECTIONS} collections.", code="limit_reached") from exc

    def get(self, user_id: str, collection_id: str) -> Collection:
        for item in LibraryModel.query(
            user_id, LibraryModel.sk == collection_sk(collection_id), consistent_read=True
        ):
            return _collection(item)
        raise _not_found()

    def page(
        self, user_id: str, limit: int, cursor: str | None
    ) -> tuple[list[Collection], str | None]:
        items, next_cursor = page_query(
            LibraryModel,
            user_id,
            limit,
            cursor,
            range_key_condition=LibraryModel.sk.startswith("col#"),
        )
        return [_collection(item) for item in items], next_cursor

    def update(
        self, user_id: str, collection_id: str, fields: dict[str, str], now: datetime
    ) -> Collection:
        actions: list[Any] = [LibraryModel.updated_at.set(now)]
        actions += [getattr(LibraryModel, name).set(value) for name, value in fields.items()]
        item = LibraryModel(user_id, collection_sk(collection_id))
        try:
            item.update(actions=actions, condition=LibraryModel.sk.exists())
        except UpdateError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                raise _not_found() from exc
            raise
        return _collection(item)

    def delete(self, user_id: str, collection_id: str) -> None:
        """The collection and its count go at once; then its members, read consistently
        (no member can be added once the collection is gone)."""
        try:
            with TransactWrite(connection=connection()) as tx:
                tx.delete(
                    LibraryModel(user_id, collection_sk(collection_id)),
                    condition=LibraryModel.sk.exists(),
                )
                tx.update(
                    LibraryModel(user_id, COUNTER_SK),
                    actions=[LibraryModel.collection_count.add(-1)],
                )
        except TransactWriteError as exc:
            _canceled(exc)
            raise _not_found() from exc
        members = LibraryModel.query(
            user_id, LibraryModel.sk.startswith(item_sk(collection_id, "")), consistent_read=True
        )
        with LibraryModel.batch_write() as batch:
            for member in members:
                assert member.generation_id is not None
                batch.delete(member)
                batch.delete(LibraryModel(user_id, member_sk(member.generation_id, collection_id)))
                _drop_collection_id(user_id, member.generation_id, collection_id)

    # Members --------------------------------------------------------------------
    def add(
        self,
        user_id: str,
        collection_id: str,
        generation_id: str,
        expires_at: datetime,
        now: datetime,
    ) -> None:
        """Add a generation (idempotent): the collection must exist and have room, the
        generation must exist; the count, both membership items (expiring with the
        generation) and the generation's `collection_ids` move in one transaction."""
        try:
            with TransactWrite(connection=connection()) as tx:
                tx.update(
                    LibraryModel(user_id, collection_sk(collection_id)),
                    actions=[
                        LibraryModel.item_count.add(1),
                        LibraryModel.updated_at.set(now),
                        LibraryModel.cover_generation_id.set(generation_id),
                        LibraryModel.cover_index.set(0),
                    ],
                    condition=LibraryModel.sk.exists()
                    & (LibraryModel.item_count < MAX_COLLECTION_ITEMS),
                )
                item, member = _membership(user_id, collection_id, generation_id, expires_at, now)
                tx.save(item, condition=LibraryModel.sk.does_not_exist())
                tx.save(member)
                tx.update(
                    GenerationModel(user_id, generation_id),
                    actions=[GenerationModel.collection_ids.add({collection_id})],
                    condition=GenerationModel.generation_id.exists(),
                )
        except TransactWriteError as exc:
            self._refused(exc, user_id, collection_id, generation_id)

    def _refused(
        self, exc: TransactWriteError, user_id: str, collection_id: str, generation_id: str
    ) -> None:
        """Why an add was refused, read after the fact (nothing is written on it)."""
        _canceled(exc)
        if _exists(LibraryModel, user_id, item_sk(collection_id, generation_id)):
            return  # already a member: nothing to do
        if not _exists(GenerationModel, user_id, generation_id):
            raise NotFound("No such generation.") from exc
        if self.get(user_id, collection_id).item_count >= MAX_COLLECTION_ITEMS:
            raise Conflict(
                f"A collection holds at most {MAX_COLLECTION_ITEMS} items.",
                code="limit_reached",
            ) from exc
        raise exc

    def remove(self, user_id: str, collection_id: str, generation_id: str) -> None:
        """Remove a generation (idempotent); the cover goes if it was this one's."""
        if not leave_collection(user_id, collection_id, generation_id):
            self.get(user_id, collection_id)  # NotFound when the collection is gone
            return
        _drop_collection_id(user_id, generation_id, collection_id)
        try:
            LibraryModel(user_id, collection_sk(collection_id)).update(
                actions=[
                    LibraryModel.cover_generation_id.remove(),
                    LibraryModel.cover_index.remove(),
                ],
                condition=LibraryModel.cover_generation_id == generation_id,
            )
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise

    def member_ids(self, user_id: str, collection_id: str) -> Any:
        """The members' items, newest generation first (what the list filter pages)."""
        return LibraryModel.query(
            user_id,
            LibraryModel.sk.startswith(item_sk(collection_id, "")),
            scan_index_forward=False,
        )


def _drop_collection_id(user_id: str, generation_id: str, collection_id: str) -> None:
    """The generation no longer names the collection (if the generation still exists)."""
    try:
        GenerationModel(user_id, generation_id).update(
            actions=[GenerationModel.collection_ids.delete({collection_id})],
            condition=GenerationModel.generation_id.exists(),
        )
    except UpdateError as exc:
        if exc.cause_response_code != "ConditionalCheckFailedException":
            raise


def _membership(
    user_id: str, collection_id: str, generation_id: str, expires_at: datetime, now: datetime
) -> tuple[LibraryModel, LibraryModel]:
    """A membership's two items: under the collection, and under the generation (both
    expiring with the generation)."""
    item = LibraryModel(
        user_id,
        item_sk(collection_id, generation_id),
        collection_id=collection_id,
        generation_id=generation_id,
        created_at=now,
        expires_at=expires_at,
        expires=expires_at,
    )
    member = LibraryModel(
        user_id,
        member_sk(generation_id, collection_id),
        collection_id=collection_id,
        generation_id=generation_id,
        expires_at=expires_at,
        expires=expires_at,
    )
    return item, member
