"""Store cursors, one format for every list: the DynamoDB key a page stops at (the query's
`LastEvaluatedKey`, or the key of the last item handed out when a page is filled from
filtered reads), as base64url JSON. Decoding checks the key's shape (exactly the table's
and index's key attributes, each a string or number) and, for a person's list, that it
is in that person's partition. The API then seals it to the user and list
(`domain.cursors.CursorSeal`), so a client never sees or forges this inner form."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any

from chalicelib.errors import FieldError, InvalidInput

Key = dict[str, dict[str, str]]  # DynamoDB's wire form: {"user_id": {"S": "usr_..."}}


def key_names(model: Any, index: Any = None) -> frozenset[str]:
    """The attributes of a key in `model`'s table, or in one of its indexes."""
    schemas = [model._get_schema()["key_schema"]]
    if index is not None:
        schemas.append(index._get_schema()["key_schema"])
    return frozenset(k["AttributeName"] for schema in schemas for k in schema)


def item_key(model: Any, item: Any, index: Any = None) -> Key:
    """The key of `item` as a cursor holds it (what a query would resume after)."""
    key: Key = {}
    for name in sorted(key_names(model, index)):
        attribute = model.get_attributes()[name]
        value = attribute.serialize(getattr(item, name))
        key[name] = {attribute.attr_type: value}
    return key


def encode(key: Mapping[str, Mapping[str, str]] | None) -> str | None:
    if not key:
        return None
    data = json.dumps(key, sort_keys=True, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def decode(cursor: str | None, names: frozenset[str], bound: Mapping[str, str]) -> Key | None:
    """The start key in `cursor`, if it has exactly the attributes `names` and the values
    `bound` (e.g. the caller's `user_id`); else 422 on `cursor`."""
    if not cursor:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error):
        key = None
    if not _well_formed(key, names) or any(
        next(iter(key[name].values())) != value for name, value in bound.items()
    ):
        raise InvalidInput([FieldError("cursor", "is not a valid cursor")])
    return dict(key)


def _well_formed(key: Any, names: frozenset[str]) -> bool:
    return (
        isinstance(key, dict)
        and frozenset(key) == names
        and all(
            isinstance(v, dict)
            and len(v) == 1
            and next(iter(v)) in ("S", "N")
            and isinstance(next(iter(v.values())), str)
            for v in key.values()
        )
    )


def page_query(
    model: Any, user_id: str, limit: int, cursor: str | None, index: Any = None, **query: Any
) -> tuple[list[Any], str | None]:
    """One page of a person's items, newest first, on the table or one of its indexes
    (hash key `user_id`); `query` adds a range condition or a filter."""
    source = index if index is not None else model
    result = source.query(
        user_id,
        scan_index_forward=False,
        limit=limit,
        last_evaluated_key=decode(cursor, key_names(model, index), {"user_id": user_id}),
        **query,
    )
    items = list(result)
    return items, encode(result.last_evaluated_key)


def page_filled(
    model: Any, reads: Any, limit: int, index: Any = None
) -> tuple[list[Any], str | None]:
    """Up to `limit` items from `reads` (a query or scan iterator, filtered, which DynamoDB
    pages by items read rather than returned) and, when more follow, the cursor of the
    last one handed out."""
    items: list[Any] = []
    for item in reads:
        if len(items) == limit:
            return items, encode(item_key(model, items[-1], index))
        items.append(item)
    return items, None


def page_scan(
    model: Any, condition: Any, limit: int, cursor: str | None
) -> tuple[list[Any], str | None]:
    """One page of a filtered scan: up to `limit` matching items (in table order)."""
    start = decode(cursor, key_names(model), {})
    scan = model.scan(condition, last_evaluated_key=start, page_size=max(limit + 1, 25))
    return page_filled(model, scan, limit)
