"""Page cursors for queries on a `by_time` index (hash `user_id`, range `sort_key`)."""

from __future__ import annotations

from typing import Any

from chalicelib.errors import FieldError, InvalidInput


def decode_cursor(cursor: str | None, hash_value: str, range_name: str) -> dict | None:
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


def encode_cursor(last: dict | None, range_name: str) -> str | None:
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
