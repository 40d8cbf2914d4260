"""DynamoDB applies each write and each transaction atomically; moto's in-memory
backend does not lock, so concurrent conditional writes can both pass their checks
(and a transaction's rollback copy can break). Serialising moto's DynamoDB operations
restores the semantics the app relies on, for the local stack and the tests."""

from __future__ import annotations

import functools
import threading
from typing import Any

_lock = threading.RLock()
OPERATIONS = ("put_item", "get_item", "update_item", "delete_item", "query", "scan")


def install() -> None:
    from moto.dynamodb.models import DynamoDBBackend

    for name in (*OPERATIONS, "transact_write_items"):
        original = getattr(DynamoDBBackend, name)
        if getattr(original, "_serialised", False):
            continue
        setattr(DynamoDBBackend, name, _serialised(original))


def _serialised(method: Any) -> Any:
    @functools.wraps(method)
    def locked(*args: Any, **kwargs: Any) -> Any:
        with _lock:
            return method(*args, **kwargs)

    locked._serialised = True  # type: ignore[attr-defined]
    return locked
