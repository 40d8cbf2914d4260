"""Page cursors as clients see them: the store's own cursor, sealed with an HMAC over the
list and the user it was handed to. A cursor from another user, from another list, or a
made-up or altered one answers 422 (field `cursor`) before any store sees it, so a store
only ever receives a cursor it produced for the same user and list."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import TypeAlias, TypeVar

from chalicelib.errors import FieldError, InvalidInput

T = TypeVar("T")

# A page of a list: its items and the store's cursor of the next page (None: the last).
Page: TypeAlias = tuple[list[T], str | None]

MAX_LENGTH = 4096
TAG_BYTES = 16  # 128 bits


def _encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _decode(text: str) -> bytes:
    padded = text + "=" * (-len(text) % 4)
    return base64.b64decode(padded.encode("ascii"), altchars=b"-_", validate=True)


def _invalid() -> InvalidInput:
    return InvalidInput([FieldError("cursor", "is not a cursor from this list")])


class CursorSeal:
    def __init__(self, key: str) -> None:
        if not key:
            raise ValueError("a key for the cursor HMACs is required")
        self._key = key.encode()

    def _tag(self, scope: str, owner: str, inner: bytes) -> bytes:
        message = b"\0".join((b"cursor", scope.encode(), owner.encode(), inner))
        return hmac.new(self._key, message, hashlib.sha256).digest()[:TAG_BYTES]

    def seal(self, scope: str, owner: str, cursor: str | None) -> str | None:
        """The cursor handed out for `owner`'s list `scope` (None: no more pages)."""
        if cursor is None:
            return None
        inner = cursor.encode()
        return f"{_encode(inner)}.{_encode(self._tag(scope, owner, inner))}"

    def open(self, scope: str, owner: str, token: str | None) -> str | None:
        """The store's cursor inside `token`, if this list handed it to `owner`."""
        if token is None:
            return None
        body, sep, tag = token.partition(".")
        if not sep or len(token) > MAX_LENGTH:
            raise _invalid()
        try:
            inner, given = _decode(body), _decode(tag)
        except ValueError as exc:  # not ASCII, or not base64url (binascii.Error)
            raise _invalid() from exc
        if not hmac.compare_digest(given, self._tag(scope, owner, inner)):
            raise _invalid()
        return inner.decode()
