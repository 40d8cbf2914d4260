"""The workflow's step handlers. Each takes the state's payload, the generation id
alone (no user id, S3 key or image: Step Functions keeps execution history for 90 days,
beyond an account's erasure), and the Services container. Errors are raised by name
(`chalicelib.workflow.errors`) for the ASL's Retry and Catch."""

from __future__ import annotations

import json
from typing import Any

from chalicelib.domain import s3_keys
from chalicelib.domain.statuses import ACTIVE
from chalicelib.ids import derived_id
from chalicelib.observability import logger
from chalicelib.workflow.errors import (
    GenerationCanceled,
    ModerationBlocked,
    StepError,
    TaskNotVisible,
)

ERROR_CODES = {cls.__name__: cls.code for cls in StepError.__subclasses__()}
ERROR_CODES["States.Timeout"] = "timeout"
EXTENSIONS = {"png": "png", "jpeg": "jpg", "webp": "webp"}
CONTENT_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}


def _payload(task: Any) -> dict[str, Any]:
    return {"generation_id": task.generation_id}


def _active_task(task: Any) -> Any:
    if task is None or task.status not in ACTIVE or task.cost_state != "held":
        raise GenerationCanceled("the task is no longer active")
    return task


def moderate(event: dict[str, Any], services: Any) -> dict[str, Any]:
    from chalicelib import imaging

    task = services.generations_store.find(event["generation_id"])
    if task is None:
        raise TaskNotVisible("no task for this generation id (yet)")
    task = _active_task(task)
    model = type(task)
    services.generations_store.update(
        task,
        [model.status.set("running"), model.started_at.set(services.clock.now())],
        condition=model.status == "queued",
    )
    previews = [
        imaging.preview_jpeg(services.objects.get(key)) for key in task.params["input_keys"]
    ]
    if services.moderation.flagged(task.prompt, previews):
        raise ModerationBlocked("input")
    return _payload(task)


def generate(event: dict[str, Any], services: Any) -> dict[str, Any]:
    from chalicelib import imaging
    from chalicelib.adapters.image_providers import ImageRequest
    from chalicelib.domain.pricing import priced_quality
    from chalicelib.workflow.errors import ProviderRejected

    task = _active_task(services.generations_store.find(event["generation_id"]))
    params = task.params
    objects = services.objects
    request = ImageRequest(
        model=task.model,
        prompt=task.prompt,
        size=params["size"],
        # The quality we priced and hold credits for: the API's "auto" lets the provider
        # pick any quality, up to high, which would cost more than the hold.
        quality=priced_quality(params["quality"]),
        n=int(params["n"]),
        background=params["background"],
        output_format=params["output_format"],
        output_compression=params.get("output_compression"),
        moderation=params["moderation"],
        user=derived_id("usr", task.user_id),  # pseudonymous: not the user id or email
        inputs=[objects.get(key) for key in params["input_keys"]],
        mask=objects.get(params["mask_key"]) if params.get("mask_key") else None,
    )
    result = services.image_provider.create(request)
    images = []
    for index, body in enumerate(result.images):
        try:
            info = imaging.describe(body)
        except imaging.Rejected as exc:
            raise ProviderRejected("malformed response: not an image") from exc
        extension = EXTENSIONS.get(info.format, info.format)
        key = s3_keys.generation_key(task.user_id, task.generation_id, f"{index}.{extension}")
        thumbnail_key = s3_keys.generation_key(
            task.user_id, task.generation_id, f"{index}.thumb.webp"
        )
        # The provider's bytes are stored as they are (provenance metadata kept).
        objects.put(key, body, CONTENT_TYPES.get(info.format, "image/png"), task.retention_class)
        objects.put(thumbnail_key, imaging.thumbnail(body), "image/webp", task.retention_class)
        images.append(
            {
                "index": index,
                "key": key,
                "thumbnail_key": thumbnail_key,
                "width": info.width,
                "height": info.height,
                "format": info.format,
                "bytes": len(body),
            }
        )
    # Recorded on the task under its condition (still active, still holding credits);
    # refused, the objects just stored are deleted here: a cancel or delete may have
    # swept the prefix already, and Finalize may never run after it (StopExecution).
    if not services.generations.keep_outputs(task, {"images": images, "usage": result.usage}):
        logger.info("late result discarded", extra={"generation_id": task.generation_id})
        raise GenerationCanceled("the task is no longer active")
    return _payload(task)


def finalize(event: dict[str, Any], services: Any) -> dict[str, Any]:
    """Capture the outputs generate recorded and mark succeeded, once. A task canceled,
    deleted or failed meanwhile is never captured; whoever released its hold deleted
    its objects after the release."""
    task = services.generations_store.find(event["generation_id"])
    if task is not None and task.cost_state == "held":
        if services.generations.capture(task):
            return {"status": "succeeded"}
        # Resolved meanwhile: by a concurrent capture (a retry) or by a release.
        task = services.generations_store.get(task.user_id, task.generation_id)
    if task is not None and task.cost_state == "captured":
        return {"status": "succeeded"}
    logger.info("late result discarded", extra={"generation_id": event["generation_id"]})
    return {"status": "discarded"}


def _error_of(raw: dict[str, Any]) -> dict[str, Any]:
    name = str(raw.get("Error", ""))
    try:
        cause = json.loads(raw.get("Cause") or "{}")
    except ValueError:
        cause = {}
    error: dict[str, Any] = {"code": ERROR_CODES.get(name, "internal_error")}
    if name == ModerationBlocked.__name__:
        error["stage"] = str(cause.get("errorMessage", "input"))
        error["message"] = f"Moderation refused the {error['stage']}."
    else:
        error["message"] = {
            "provider_rate_limited": "The image provider kept rate-limiting the request.",
            "provider_unavailable": "The image provider was unavailable.",
            "provider_error": "The image provider could not handle the request.",
            "timeout": "The generation took too long.",
        }.get(error["code"], "The generation failed.")
    return error


def release(event: dict[str, Any], services: Any) -> dict[str, Any]:
    """The one release path: release the hold once and record failed or blocked."""
    task = services.generations_store.find(event["generation_id"])
    error = _error_of(event.get("error") or {})
    logger.info(
        "generation did not succeed",
        extra={"generation_id": event["generation_id"], "code": error["code"]},
    )
    if task is None or error["code"] == GenerationCanceled.code:
        return {"released": False}
    status = "blocked" if error["code"] == ModerationBlocked.code else "failed"
    released = services.generations.release(task, status, error)
    if released:
        services.objects.delete_everything(
            s3_keys.generation_prefix(task.user_id, task.generation_id)
        )
    return {"released": released}
