"""The checks a submission passes before any credit moves: the user may generate, and
the uploads it names are theirs, ready, and fit to be its inputs and mask; an output of
one of their own generations (a remix) is copied under the new generation's prefix, so
deleting the source later leaves the new generation whole."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from chalicelib.domain import s3_keys
from chalicelib.domain.generation_entities import Generation
from chalicelib.domain.image_models import GenerationParams, ImageRef, InputImage
from chalicelib.domain.ports.generations import Applicant
from chalicelib.domain.ports.uploads import UploadsStore
from chalicelib.domain.upload_entities import Upload, UploadPurpose, UploadStatus
from chalicelib.errors import FieldError, Forbidden, InvalidInput, NotFound

# The user's generation by its id (None: not theirs, or gone).
GenerationOf = Callable[[str], Generation | None]


def check_can_generate(user: Applicant) -> None:
    if not user.email_verified:
        raise Forbidden("Verify your email address first.", code="email_unverified")
    if user.suspended or int(user.credits_available) < 0:
        raise Forbidden("This account is suspended.", code="account_suspended")
    if user.restricted:
        raise Forbidden("Processing of this account is restricted.", code="processing_restricted")


@dataclass(frozen=True, slots=True)
class Inputs:
    """The objects the workflow reads, and the remix's copies to make before it starts
    (source key, key under the new generation's prefix)."""

    keys: tuple[str, ...]
    mask_key: str | None
    copies: tuple[tuple[str, str], ...]
    parent: ImageRef | None


@dataclass(frozen=True, slots=True)
class _Source:
    key: str
    width: int | None
    height: int | None


def _usable(upload: Upload | None, purpose: UploadPurpose, now: datetime) -> str | None:
    """What is wrong with using `upload` as an input or a mask, if anything."""
    if upload is None or upload.expires_at <= now or upload.purpose != purpose:
        return f"is not one of your {purpose} uploads"
    if upload.status != UploadStatus.ready:
        return f"is {upload.status}, not ready"
    return None


def _output(generation_of: GenerationOf, ref: ImageRef) -> _Source:
    """An output of one of the user's generations; another user's answers 404."""
    generation = generation_of(ref.generation_id)
    for image in generation.images if generation else ():
        if image.index == ref.index:
            return _Source(image.key, image.width, image.height)
    raise NotFound("No such generation image.")


def _source(
    uploads: UploadsStore,
    generation_of: GenerationOf,
    user_id: str,
    given: InputImage,
    purpose: UploadPurpose,
    now: datetime,
) -> _Source | str:
    """The object to read for one input or the mask, or what is wrong with it."""
    if isinstance(given, ImageRef):
        return _output(generation_of, given)
    upload = uploads.get_upload(user_id, given)
    problem = _usable(upload, purpose, now)
    if problem or upload is None or upload.key is None:
        return problem or "is not ready"
    return _Source(upload.key, upload.width, upload.height)


def input_objects(
    uploads: UploadsStore,
    generation_of: GenerationOf,
    user_id: str,
    generation_id: str,
    params: GenerationParams,
    now: datetime,
) -> Inputs:
    """The objects of the input images and mask, checked to be usable."""
    errors: list[FieldError] = []
    found: list[tuple[str, _Source]] = []
    named = [(f"input_images[{i}]", given) for i, given in enumerate(params.input_images)]
    if params.mask is not None:
        named.append(("mask", params.mask))
    for field, given in named:
        purpose = UploadPurpose.mask if field == "mask" else UploadPurpose.input
        source = _source(uploads, generation_of, user_id, given, purpose, now)
        if isinstance(source, str):
            errors.append(FieldError(field, source))
        else:
            found.append((field, source))
    first, mask = (found[0][1] if found else None), dict(found).get("mask")
    if (
        first
        and mask
        and first is not mask
        and (mask.width, mask.height) != (first.width, first.height)
    ):
        errors.append(FieldError("mask", "must be the size of the first input image"))
    if errors:
        raise InvalidInput(errors)
    return _placed(user_id, generation_id, params, found)


def _placed(
    user_id: str, generation_id: str, params: GenerationParams, found: list[tuple[str, _Source]]
) -> Inputs:
    """Outputs of generations are read from copies under the new generation's prefix."""
    given = {f"input_images[{i}]": g for i, g in enumerate(params.input_images)}
    if params.mask is not None:
        given["mask"] = params.mask
    keys: dict[str, str] = {}
    copies: list[tuple[str, str]] = []
    for field, source in found:
        if isinstance(given[field], ImageRef):
            name = "mask.png" if field == "mask" else f"input-{len(copies)}.png"
            copied = s3_keys.generation_key(user_id, generation_id, name)
            copies.append((source.key, copied))
            keys[field] = copied
        else:
            keys[field] = source.key
    refs = [g for g in given.values() if isinstance(g, ImageRef)]
    return Inputs(
        keys=tuple(k for f, k in keys.items() if f != "mask"),
        mask_key=keys.get("mask"),
        copies=tuple(copies),
        parent=refs[0] if refs else None,
    )
