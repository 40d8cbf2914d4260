"""The checks a submission passes before any credit moves: the user may generate, and
the uploads it names are theirs, ready, and fit to be its inputs and mask."""

from __future__ import annotations

from datetime import datetime

from chalicelib.domain.image_models import GenerationParams
from chalicelib.domain.ports.generations import Applicant
from chalicelib.domain.ports.uploads import UploadsStore
from chalicelib.domain.upload_entities import Upload, UploadPurpose, UploadStatus
from chalicelib.errors import FieldError, Forbidden, InvalidInput


def check_can_generate(user: Applicant) -> None:
    if not user.email_verified:
        raise Forbidden("Verify your email address first.", code="email_unverified")
    if user.suspended or int(user.credits_available) < 0:
        raise Forbidden("This account is suspended.", code="account_suspended")
    if user.restricted:
        raise Forbidden("Processing of this account is restricted.", code="processing_restricted")


def _usable(upload: Upload | None, purpose: UploadPurpose, now: datetime) -> str | None:
    """What is wrong with using `upload` as an input or a mask, if anything."""
    if upload is None or upload.expires_at <= now or upload.purpose != purpose:
        return f"is not one of your {purpose} uploads"
    if upload.status != UploadStatus.ready:
        return f"is {upload.status}, not ready"
    return None


def input_objects(
    uploads: UploadsStore, user_id: str, params: GenerationParams, now: datetime
) -> tuple[tuple[str, ...], str | None]:
    """The sanitized objects of the input images and mask, checked to be usable."""
    errors: list[FieldError] = []
    keys: list[str] = []
    first: Upload | None = None
    for index, upload_id in enumerate(params.input_images):
        upload = uploads.get_upload(user_id, upload_id)
        problem = _usable(upload, UploadPurpose.input, now)
        if problem or upload is None or upload.key is None:
            errors.append(FieldError(f"input_images[{index}]", problem or "is not ready"))
        else:
            keys.append(upload.key)
            first = first or upload
    mask_key = None
    if params.mask:
        mask = uploads.get_upload(user_id, params.mask)
        problem = _usable(mask, UploadPurpose.mask, now)
        if problem or mask is None:
            errors.append(FieldError("mask", problem or "is not ready"))
        elif first and (mask.width, mask.height) != (first.width, first.height):
            errors.append(FieldError("mask", "must be the size of the first input image"))
        else:
            mask_key = mask.key
    if errors:
        raise InvalidInput(errors)
    return tuple(keys), mask_key
