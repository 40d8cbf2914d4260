"""Page cursors: for queries on a `by_time` index (hash `user_id`, range `sort_key`), and
for filtered scans (the key of the last item handed out)."""

from __future__ import annotations

import base64
import json
from typing import Any

from chalicelib.errors import FieldError, InvalidInput


def decode_cursor(cursor: str | None, hash_value: str, range_name: str) -> dict[str, Any] | None:
    """Cursors are `sort_key~item_key` of the last item on the previous page."""
    if not cursor:
        return None
    sort_key, sep, item_key = cursor.partition("~")
    if not sep or not sort_key or not item_key:
        raise InvalidInput([FieldError("cursor", "is not a valid cursor")])
    return {
        "user_id": {"S": hash_value},
        range_name: {"S": item_key},
        "sort_key": {"S": sort_key},
    }


def encode_cursor(last: dict[str, Any] | None, range_name: str) -> str | None:
    if not last:
        return None
    return f"{last['sort_key']['S']}~{last[range_name]['S']}"


def page_by_time(
    model: Any, user_id: str, limit: int, cursor: str | None, range_name: str
) -> tuple[list[Any], str | None]:
    """One page of a user's items on the model's `by_time` index, newest first."""
    query = model.by_time.query(
        user_id,
        scan_index_forward=False,
        limit=limit,
        last_evaluated_key=decode_cursor(cursor, user_id, range_name),
    )
    items = list(query)
    return items, encode_cursor(query.last_evaluated_key, range_name)


def _key_names(model: Any) -> list[str]:
    return [n for n in (model._hash_keyname, model._range_keyname) if n]


def _encode_key(model: Any, item: Any) -> str:
    key = {name: {"S": getattr(item, name)} for name in _key_names(model)}
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode()


def _decode_key(model: Any, cursor: str | None) -> dict[str, Any] | None:
    if not cursor:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except ValueError:  # bad base64 (binascii.Error) or JSON
        key = None
    if not (
        isinstance(key, dict)
        and sorted(key) == sorted(_key_names(model))
        and all(
            isinstance(v, dict) and isinstance(v.get("S"), str) and len(v) == 1
            for v in key.values()
        )
    ):
        raise InvalidInput([FieldError("cursor", "is not a valid cursor")])
    return key


def page_scan(
    model: Any, condition: Any, limit: int, cursor: str | None
) -> tuple[list[Any], str | None]:
    """One page of a filtered scan: up to `limit` matching items (in table order) and a
    cursor (the last one's key) when more follow. DynamoDB's `Limit` counts items read
    before the filter, so pages are filled from as many scan pages as it takes."""
    items: list[Any] = []
    scan = model.scan(
        condition, last_evaluated_key=_decode_key(model, cursor), page_size=max(limit + 1, 25)
    )
    for item in scan:
        if len(items) == limit:
            return items, _encode_key(model, items[-1])
        items.append(item)
    return items, None
