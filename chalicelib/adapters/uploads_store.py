"""PynamoDB persistence for uploads: items in, `Upload` entities out."""

from __future__ import annotations

from pynamodb.exceptions import DoesNotExist

from chalicelib.adapters.live_owner import update_if_owner_live
from chalicelib.adapters.models.generations import UploadModel
from chalicelib.domain.upload_entities import Upload, UploadPurpose, UploadStatus, Verdict


def _entity(item: UploadModel) -> Upload:
    return Upload(
        user_id=item.user_id,
        upload_id=item.upload_id,
        status=UploadStatus(item.status),
        purpose=UploadPurpose(item.purpose),
        content_type=item.content_type,
        declared_size=int(item.declared_size),
        created_at=item.created_at,
        expires_at=item.expires_at,
        width=None if item.width is None else int(item.width),
        height=None if item.height is None else int(item.height),
        key=item.key,
        reason=item.reason,
    )


class UploadsStore:
    def create_upload(self, upload: Upload) -> None:
        item = UploadModel(
            user_id=upload.user_id,
            upload_id=upload.upload_id,
            status=upload.status.value,
            purpose=upload.purpose.value,
            content_type=upload.content_type,
            declared_size=upload.declared_size,
            created_at=upload.created_at,
            expires_at=upload.expires_at,
            expires=upload.expires_at,
        )
        item.save(condition=UploadModel.upload_id.does_not_exist())

    def get_upload(self, user_id: str, upload_id: str) -> Upload | None:
        try:
            return _entity(UploadModel.get(user_id, upload_id, consistent_read=True))
        except DoesNotExist:
            return None

    def finish_upload(self, upload: Upload, verdict: Verdict) -> bool:
        """Record the sanitizer's verdict once: the upload must still be pending and its
        owner not being erased."""
        fields = {
            "status": verdict.status.value,
            "reason": verdict.reason,
            "key": verdict.key,
            "content_type": verdict.content_type,
            "width": verdict.width,
            "height": verdict.height,
        }
        actions = [
            getattr(UploadModel, name).set(value)
            for name, value in fields.items()
            if value is not None
        ]
        return update_if_owner_live(
            UploadModel(upload.user_id, upload.upload_id),
            upload.user_id,
            actions,
            UploadModel.status == UploadStatus.pending.value,
        )

    def delete_upload(self, upload: Upload) -> None:
        UploadModel(upload.user_id, upload.upload_id).delete()
