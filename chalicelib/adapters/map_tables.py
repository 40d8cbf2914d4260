"""DynamoDB work driven by data-map entries: find one person's items, delete them in
batches (BatchWriteItem of 25), rewrite them under a pseudonym, and stream expired
items page by page (keys only, so memory does not grow with the table)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from pynamodb.exceptions import DoesNotExist

from chalicelib.adapters.models.base import Model
from chalicelib.adapters.models.registry import ALL_MODELS
from chalicelib.domain.retention import period
from chalicelib.privacy.data_map import (
    ByDerivedKey,
    ByHashKey,
    ByIndex,
    ByScan,
    Pseudonymize,
    Subject,
    TableEntry,
)
from chalicelib.privacy.pseudonyms import PSEUDONYM_PREFIX


def model_of(entry: TableEntry) -> type[Model]:
    return ALL_MODELS[entry.table]


def _key_names(model: type[Model]) -> list[str]:
    names = [model._hash_keyname]
    if model._range_keyname:
        names.append(model._range_keyname)
    return [n for n in names if n]


class MapTables:
    def find(self, entry: TableEntry, subject: Subject) -> Iterator[Any]:
        model = model_of(entry)
        lookup = entry.lookup
        if isinstance(lookup, ByHashKey):
            yield from model.query(subject.user_id, consistent_read=True)
        elif isinstance(lookup, ByIndex):
            yield from model._indexes[lookup.index].query(subject.user_id)
        elif isinstance(lookup, ByScan):
            condition = None
            for name in lookup.attributes:
                clause = getattr(model, name) == subject.user_id
                condition = clause if condition is None else condition | clause
            yield from model.scan(condition)
        elif isinstance(lookup, ByDerivedKey):
            try:
                yield model.get(lookup.key(subject), consistent_read=True)
            except DoesNotExist:
                return

    def delete(self, entry: TableEntry, items: Iterable[Any]) -> int:
        count = 0
        with model_of(entry).batch_write() as batch:
            for item in items:
                batch.delete(item)
                count += 1
        return count

    def pseudonymize(
        self, entry: TableEntry, items: Iterable[Any], user_id: str, pseudonym: str
    ) -> int:
        assert isinstance(entry.erasure, Pseudonymize)
        model = model_of(entry)
        keys = _key_names(model)
        count = 0
        for item in items:
            values = dict(item.attribute_values)
            for name in entry.erasure.attributes:
                if isinstance(values.get(name), str):
                    values[name] = values[name].replace(user_id, pseudonym)
            for name in entry.erasure.remove:
                values.pop(name, None)
            replacement = model(**values)
            replacement.save()
            if any(values.get(k) != item.attribute_values.get(k) for k in keys):
                item.delete()
            count += 1
        return count

    def set_attribute(self, entry: TableEntry, items: Iterable[Any], name: str, value: Any) -> int:
        attribute = getattr(model_of(entry), name)
        count = 0
        for item in items:
            item.update(actions=[attribute.set(value)])
            count += 1
        return count

    def expired(self, entry: TableEntry, now: datetime, page_size: int = 1000) -> Iterator[Any]:
        """Expired items (keys only), streamed page by page."""
        expiry = entry.expiry
        assert expiry is not None
        model = model_of(entry)
        attribute = getattr(model, expiry.attribute)
        if expiry.mode == "at":
            condition = attribute <= now
        else:
            condition = attribute < now - period(entry.retention)
        if expiry.pseudonymized_only:
            assert isinstance(entry.erasure, Pseudonymize)
            owner = getattr(model, entry.erasure.attributes[0])
            condition = condition & owner.startswith(PSEUDONYM_PREFIX)
        return model.scan(condition, page_size=page_size, attributes_to_get=_key_names(model))
