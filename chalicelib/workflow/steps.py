"""The workflow's step handlers. Each takes the state's payload, the generation id
alone (no user id, S3 key or image: Step Functions keeps execution history for 90 days,
beyond an account's erasure), and the Services container. Errors are raised by name
(`chalicelib.domain.step_errors`) for the ASL's Retry and Catch."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from chalicelib.domain import s3_keys
from chalicelib.domain.generation_entities import (
    CostState,
    Failure,
    Generation,
    OutputImage,
    Outputs,
)
from chalicelib.domain.image_models import Quality
from chalicelib.domain.json_types import JSONObject
from chalicelib.domain.statuses import GenerationStatus
from chalicelib.domain.step_errors import (
    GenerationCanceled,
    ModerationBlocked,
    ProviderRejected,
    StepError,
    TaskNotVisible,
)
from chalicelib.ids import derived_id
from chalicelib.observability import logger

if TYPE_CHECKING:
    from chalicelib.domain.ports.images import ImageRequest
    from chalicelib.services import Services

Event = JSONObject  # a state's payload: {"generation_id"} (and Release's "error")
ERROR_CODES = {cls.__name__: cls.code for cls in StepError.__subclasses__()}
ERROR_CODES["States.Timeout"] = "timeout"
EXTENSIONS = {"png": "png", "jpeg": "jpg", "webp": "webp"}
CONTENT_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}


def _payload(generation: Generation) -> dict[str, str]:
    return {"generation_id": generation.generation_id}


def _active(generation: Generation | None) -> Generation:
    if generation is None or not generation.active:
        raise GenerationCanceled("the task is no longer active")
    return generation


def moderate(event: Event, services: Services) -> dict[str, str]:
    from chalicelib import imaging

    generation = services.generations.find(event["generation_id"])
    if generation is None:
        raise TaskNotVisible("no task for this generation id (yet)")
    generation = _active(generation)
    services.generations.mark_running(generation)
    services.runs.started(generation)
    if generation.awaits_input:  # a run's edit step: its parent's output
        generation = services.runs.take_input(generation)
    previews = [imaging.preview_jpeg(services.objects.get(key)) for key in generation.input_keys]
    if services.moderation.flagged(generation.prompt, previews):
        raise ModerationBlocked("input")
    return _payload(generation)


def _request(generation: Generation, services: Services) -> ImageRequest:
    from chalicelib.domain.ports.images import ImageRequest
    from chalicelib.domain.pricing import priced_quality

    objects = services.objects
    # The quality we priced and hold credits for: the API's "auto" lets the provider
    # pick any quality, up to high, which would cost more than the hold.
    quality = Quality(priced_quality(generation.params.quality))
    return ImageRequest(
        params=replace(generation.params, quality=quality),
        prompt=generation.prompt,
        user=derived_id("usr", generation.user_id),  # pseudonymous: not the id or email
        inputs=[objects.get(key) for key in generation.input_keys],
        mask=objects.get(generation.mask_key) if generation.mask_key else None,
        on_partial=_previews(generation, services) if generation.params.partial_images else None,
    )


def _previews(generation: Generation, services: Services) -> Callable[[int, bytes], None]:
    """Each streamed preview: stored under the generation, recorded on it while it
    runs (else deleted at once), then pushed to the owner's open pages."""
    from chalicelib import imaging

    def keep(partial_index: int, body: bytes) -> None:
        try:
            kind = imaging.describe(body).format
        except imaging.Rejected:
            return  # not an image: no preview, the final image still comes
        name = f"partial-{partial_index}.{EXTENSIONS.get(kind, kind)}"
        key = s3_keys.generation_key(generation.user_id, generation.generation_id, name)
        content_type = CONTENT_TYPES.get(kind, "image/png")
        services.objects.put(key, body, content_type, generation.retention_class)
        if services.generations.keep_partial(generation, key):
            services.live.partial_image(generation, partial_index, key)

    return keep


def _store_image(
    generation: Generation, index: int, body: bytes, services: Services
) -> OutputImage:
    """Store one of the provider's images as it is (provenance metadata kept) and its
    thumbnail, under the generation's prefix."""
    from chalicelib import imaging

    try:
        info = imaging.describe(body)
    except imaging.Rejected as exc:
        raise ProviderRejected("malformed response: not an image") from exc
    owner, name = generation.user_id, generation.generation_id
    key = s3_keys.generation_key(owner, name, f"{index}.{EXTENSIONS.get(info.format, info.format)}")
    thumbnail_key = s3_keys.generation_key(owner, name, f"{index}.thumb.webp")
    retention = generation.retention_class
    services.objects.put(key, body, CONTENT_TYPES.get(info.format, "image/png"), retention)
    services.objects.put(thumbnail_key, imaging.thumbnail(body), "image/webp", retention)
    return OutputImage(
        index=index,
        key=key,
        thumbnail_key=thumbnail_key,
        width=info.width,
        height=info.height,
        format=info.format,
        bytes=len(body),
    )


def generate(event: Event, services: Services) -> dict[str, str]:
    generation = _active(services.generations.find(event["generation_id"]))
    result = services.image_provider.create(_request(generation, services))
    images = tuple(
        _store_image(generation, index, body, services) for index, body in enumerate(result.images)
    )
    # Recorded on the task under its condition (still active, still holding credits);
    # refused, the objects just stored are deleted here: a cancel or delete may have
    # swept the prefix already, and Finalize may never run after it (StopExecution).
    outputs = Outputs(images=images, usage=result.usage)
    if not services.generations.keep_outputs(generation, outputs):
        logger.info("late result discarded", extra={"generation_id": generation.generation_id})
        raise GenerationCanceled("the task is no longer active")
    return _payload(generation)


def finalize(event: Event, services: Services) -> dict[str, str]:
    """Capture the outputs generate recorded and mark succeeded, once. A task canceled,
    deleted or failed meanwhile is never captured; whoever released its hold deleted
    its objects after the release."""
    generations = services.generations
    generation = generations.find(event["generation_id"])
    if generation is not None and generation.cost_state == CostState.held:
        if generations.capture(generation):
            return {"status": "succeeded"}
        # Resolved meanwhile: by a concurrent capture (a retry) or by a release.
        generation = generations.find(generation.generation_id)
    if generation is not None and generation.cost_state == CostState.captured:
        return {"status": "succeeded"}
    logger.info("late result discarded", extra={"generation_id": event["generation_id"]})
    return {"status": "discarded"}


def _error_of(raw: JSONObject) -> Failure:
    name = str(raw.get("Error", ""))
    try:
        cause = json.loads(raw.get("Cause") or "{}")
    except ValueError:
        cause = {}
    code = ERROR_CODES.get(name, "internal_error")
    if name == ModerationBlocked.__name__:
        stage = str(cause.get("errorMessage", "input"))
        return Failure(code=code, message=f"Moderation refused the {stage}.", stage=stage)
    message = {
        "provider_rate_limited": "The image provider kept rate-limiting the request.",
        "provider_unavailable": "The image provider was unavailable.",
        "provider_error": "The image provider could not handle the request.",
        "timeout": "The generation took too long.",
        "input_failed": "The step this one edits did not succeed.",
    }.get(code, "The generation failed.")
    return Failure(code=code, message=message)


def release(event: Event, services: Services) -> dict[str, bool]:
    """The one release path: release the hold once and record failed or blocked."""
    generation = services.generations.find(event["generation_id"])
    error = _error_of(event.get("error") or {})
    logger.info(
        "generation did not succeed",
        extra={"generation_id": event["generation_id"], "code": error.code},
    )
    if generation is None or error.code == GenerationCanceled.code:
        return {"released": False}
    blocked = error.code == ModerationBlocked.code
    status = GenerationStatus.BLOCKED if blocked else GenerationStatus.FAILED
    return {"released": services.generations.release_discarding(generation, status, error)}
