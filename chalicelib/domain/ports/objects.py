"""The media bucket as generations and uploads use it: S3 behind the adapter
`chalicelib.adapters.object_store`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class PresignedPost:
    """A form the client posts its file with: the URL and the fields to send."""

    url: str
    fields: dict[str, str]


@dataclass(frozen=True, slots=True)
class LatestVersion:
    """The current version of an object: its size, when it was stored, its id."""

    size: int
    last_modified: datetime
    version_id: str | None


class Objects(Protocol):
    def presigned_post(self, key: str, content_type: str, max_bytes: int) -> PresignedPost: ...

    def presigned_get(self, key: str) -> str: ...

    def put(self, key: str, body: bytes, content_type: str, retention: str) -> None: ...

    def get(self, key: str, version_id: str | None = None) -> bytes: ...

    def copy(self, source: str, key: str, retention: str) -> None:
        """A copy of `source` (its current version) at `key`, tagged `retention`."""

    def latest(self, key: str) -> LatestVersion | None: ...

    def delete_key(self, key: str) -> int: ...

    def delete_everything(self, prefix: str) -> int: ...
