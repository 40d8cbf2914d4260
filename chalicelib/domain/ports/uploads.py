"""What the upload service needs from its store."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from chalicelib.domain.upload_entities import Upload, Verdict


class UploadsStore(Protocol):
    def create_upload(self, upload: Upload) -> None: ...

    def get_upload(self, user_id: str, upload_id: str) -> Upload | None: ...

    def finish_upload(self, upload: Upload, verdict: Verdict) -> bool:
        """Record the verdict if the upload is still pending and its owner is not being
        erased; False otherwise."""

    def delete_upload(self, upload: Upload) -> None: ...
