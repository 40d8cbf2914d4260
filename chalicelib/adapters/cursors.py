"""Page cursors for queries on a `by_time` index (hash `user_id`, range `sort_key`)."""

from __future__ import annotations

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
