"""Generations: quote, submission (hold + task + idempotency key in one transaction,
then the workflow), reading, cancel, delete, and the resolution of a hold (capture on
success, release on every other end), exactly once whatever retries happen."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from chalicelib.clock import Clock
from chalicelib.domain import ledger, s3_keys
from chalicelib.domain.catalogue import entitlements_for
from chalicelib.domain.idempotency import (
    StoredResponse,
    check_key,
    record_key,
    resolve_existing,
)
from chalicelib.domain.image_models import GenerationParams, validate_params
from chalicelib.domain.pricing import Quote, quote
from chalicelib.domain.statuses import ACTIVE
from chalicelib.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound, RateLimited
from chalicelib.ids import new_id

SCOPE = "generations"
CONCURRENCY_RETRY_SECONDS = 15


def hold_reference(generation_id: str, kind: str) -> str:
    """The ledger reference of a task's hold, capture or release: each lands once."""
    return f"gen:{generation_id}:{kind}"


@dataclass(frozen=True)
class Submitted:
    status: int
    body: dict[str, Any]
    replayed: bool


def check_can_generate(user: Any) -> None:
    if not user.email_verified:
        raise Forbidden("Verify your email address first.", code="email_unverified")
    if user.suspended or int(user.credits_available) < 0:
        raise Forbidden("This account is suspended.", code="account_suspended")
    if user.restricted:
        raise Forbidden("Processing of this account is restricted.", code="processing_restricted")


def admission(now: datetime) -> Callable[[Any], list[Any]]:
    """User-item actions for a submission, checked against the user as read in the
    transaction's attempt (its version lock makes the check and the write atomic)."""

    def actions(user: Any) -> list[Any]:
        limits = entitlements_for(user.plan)
        if int(user.active_generations or 0) >= limits.max_concurrent:
            raise RateLimited(
                CONCURRENCY_RETRY_SECONDS,
                f"At most {limits.max_concurrent} generations may run at once.",
            )
        window = now.strftime("%Y-%m-%dT%H:%M")
        count = int(user.generation_window_count or 0) if user.generation_window == window else 0
        if count >= limits.generations_per_minute:
            raise RateLimited(60 - now.second, "Too many generations this minute.")
        model = type(user)
        return [
            model.active_generations.add(1),
            model.generation_window.set(window),
            model.generation_window_count.set(count + 1),
        ]

    return actions


class GenerationService:
    def __init__(
        self,
        store: Any,
        objects: Any,
        runner: Any,
        idempotency_store: Any,
        clock: Clock,
        margin: float,
    ) -> None:
        self._store = store
        self._objects = objects
        self._runner = runner
        self._idempotency = idempotency_store
        self._clock = clock
        self._margin = margin

    # Quote and submission --------------------------------------------------
    def quote(self, user: Any, body: dict[str, Any]) -> tuple[GenerationParams, Quote]:
        params = validate_params(body, entitlements_for(user.plan))
        return params, quote(params, body["prompt"], self._margin)

    def _inputs(self, user_id: str, params: GenerationParams, now: datetime) -> dict[str, Any]:
        """The sanitized objects of the input images and mask, checked to be usable."""
        errors: list[FieldError] = []
        keys: list[str] = []
        first_size: tuple[int, int] | None = None
        for index, upload_id in enumerate(params.input_images):
            upload = self._store.get_upload(user_id, upload_id)
            field = f"input_images[{index}]"
            if upload is None or upload.expires_at <= now or upload.purpose != "input":
                errors.append(FieldError(field, "is not one of your input uploads"))
            elif upload.status != "ready":
                errors.append(FieldError(field, f"is {upload.status}, not ready"))
            else:
                keys.append(upload.key)
                first_size = first_size or (int(upload.width), int(upload.height))
        mask_key = None
        if params.mask:
            mask = self._store.get_upload(user_id, params.mask)
            if mask is None or mask.expires_at <= now or mask.purpose != "mask":
                errors.append(FieldError("mask", "is not one of your mask uploads"))
            elif mask.status != "ready":
                errors.append(FieldError("mask", f"is {mask.status}, not ready"))
            elif first_size and (int(mask.width), int(mask.height)) != first_size:
                errors.append(FieldError("mask", "must be the size of the first input image"))
            else:
                mask_key = mask.key
        if errors:
            raise InvalidInput(errors)
        return {"input_keys": keys, "mask_key": mask_key}

    def submit(
        self,
        user: Any,
        body: dict[str, Any],
        idempotency_key: str | None,
        request_hash: str,
        present: Callable[[Any], dict[str, Any]],
    ) -> Submitted:
        now = self._clock.now()
        key = check_key(idempotency_key)
        stored_key = record_key(user.user_id, SCOPE, key) if key else None
        if stored_key:
            existing = self._idempotency.get(stored_key, now)
            if existing is not None:
                replay = resolve_existing(existing, request_hash)
                return Submitted(replay.status, replay.body, True)
        check_can_generate(user)
        params, priced = self.quote(user, body)
        internal = self._inputs(user.user_id, params, now)
        plan = entitlements_for(user.plan)
        generation_id = new_id("gen", int(now.timestamp() * 1000))
        expires_at = now + timedelta(days=plan.retention_days)
        task = self._store.new_task(
            user_id=user.user_id,
            generation_id=generation_id,
            status="queued",
            model=params.model,
            prompt=body["prompt"],
            params={**params.as_dict(), **internal},
            created_at=now,
            cost_credits=priced.credits,
            cost_state="held",
            hold="held",
            images=[],
            retention_class=plan.retention_class,
            idempotency_key=stored_key,
            expires_at=expires_at,
            expires=expires_at,
        )
        response = present(task)
        record = (stored_key, request_hash, StoredResponse(202, response)) if stored_key else None
        try:
            self._store.create_with_hold(
                task,
                ledger.hold(priced.credits, hold_reference(generation_id, "hold")),
                now,
                admission(now),
                record,
                user,
            )
        except ledger.ExtraConditionFailed as exc:
            if exc.index != 1 or not stored_key:
                raise
            existing = self._idempotency.get(stored_key, now)
            if existing is None:
                raise Conflict("Try again.", code="idempotency_in_progress") from exc
            replay = resolve_existing(existing, request_hash)
            return Submitted(replay.status, replay.body, True)
        self.start(task)
        return Submitted(202, response, False)

    def start(self, task: Any) -> None:
        """Start the workflow named by the generation id; if this fails, the reaper
        releases the hold once the task is old enough."""
        from chalicelib.observability import logger

        try:
            # Named and fed by the generation id alone: Step Functions keeps the
            # history 90 days, erasure or not, so it must name no person.
            self._runner.start(task.generation_id, {"generation_id": task.generation_id})
        except Exception as exc:
            logger.error(
                "workflow start failed",
                extra={"generation_id": task.generation_id, "error": type(exc).__name__},
            )

    # Reading ---------------------------------------------------------------
    def get(self, user_id: str, generation_id: str) -> Any:
        task = self._store.get(user_id, generation_id)
        if task is None or task.expires_at <= self._clock.now():
            raise NotFound("No such generation.")
        return task

    def page(
        self, user_id: str, limit: int, cursor: str | None, status: str | None
    ) -> tuple[list[Any], str | None]:
        page: tuple[list[Any], str | None] = self._store.page(
            user_id, limit, cursor, status, self._clock.now()
        )
        return page

    # Cancel and delete -----------------------------------------------------
    def cancel(self, user_id: str, generation_id: str) -> Any:
        task = self.get(user_id, generation_id)
        if task.status not in ACTIVE or not self.release(task, "canceled", None):
            raise Conflict("This generation can no longer be canceled.", code="not_cancelable")
        self._runner.stop(generation_id, "canceled by the user")
        # After the release: whatever the generate step stored before its check (which
        # now fails) goes; what it stores later it removes itself (`keep_outputs`).
        self._objects.delete_everything(s3_keys.generation_prefix(user_id, generation_id))
        return self.get(user_id, generation_id)

    def delete(self, user_id: str, generation_id: str) -> None:
        task = self.get(user_id, generation_id)
        if task.cost_state == "held":
            self.release(task, "canceled", None)
            self._runner.stop(generation_id, "deleted by the user")
            task = self.get(user_id, generation_id)
        if task.idempotency_key:
            # The record holds the first response, prompt included: it goes too, and
            # the key is free again.
            self._idempotency.forget(task.idempotency_key, generation_id)
        self._objects.delete_everything(s3_keys.generation_prefix(user_id, generation_id))
        if not self._store.delete(task):
            raise Conflict("This generation is still running; try again.", code="conflict")

    # Outputs and resolution ------------------------------------------------
    def keep_outputs(self, task: Any, outputs: dict[str, Any]) -> bool:
        """Record the objects the generate step stored, on condition that the task is
        still active and holds its credits. Otherwise (canceled, deleted, resolved) every
        version under the generation's prefix is deleted and False returned: a cancel or
        delete sweeps the prefix after releasing the hold, so whichever comes last, no
        object of a discarded generation stays."""
        if self._store.record_outputs(task, outputs):
            return True
        self._objects.delete_everything(s3_keys.generation_prefix(task.user_id, task.generation_id))
        return False

    def release(self, task: Any, status: str, error: dict[str, Any] | None) -> bool:
        """Release the hold and record the end state, once. False if already resolved."""
        model = type(task)
        now = self._clock.now()
        actions = [
            model.status.set(status),
            model.cost_state.set("released"),
            model.completed_at.set(now),
            model.outputs.remove(),
        ]
        if error is not None:
            actions.append(model.error.set(error))
        movement = ledger.release(
            int(task.cost_credits), hold_reference(task.generation_id, "release")
        )
        return bool(self._store.resolve(task, movement, now, actions))

    def capture(self, task: Any) -> bool:
        """Capture the hold and mark the task succeeded with the outputs the generate
        step recorded, once. False if already resolved."""
        model = type(task)
        now = self._clock.now()
        outputs = task.outputs or {}
        actions = [
            model.status.set("succeeded"),
            model.cost_state.set("captured"),
            model.completed_at.set(now),
            model.images.set(outputs.get("images", [])),
            model.usage.set(outputs.get("usage", {})),
            model.outputs.remove(),
        ]
        movement = ledger.capture(
            int(task.cost_credits), hold_reference(task.generation_id, "capture")
        )
        return bool(self._store.resolve(task, movement, now, actions))

    def stop_all(self, user_id: str) -> int:
        """Stop the workflow of each of the user's queued or running generations (an
        erasure): the step in flight finishes, and what it still writes is refused."""
        stopped = 0
        for task in self._store.active_of(user_id):
            self._runner.stop(task.generation_id, "the account is being erased")
            stopped += 1
        return stopped

    def reap(self, older_than: timedelta, timeout: timedelta) -> dict[str, int]:
        """Release holds whose workflow ended without resolving them, never started, or
        outlived the workflow timeout."""
        now = self._clock.now()
        checked = released = 0
        for task in self._store.pending_holds(now - older_than):
            checked += 1
            status = self._runner.status(task.generation_id)
            if status == "RUNNING":
                if task.created_at > now - timeout - older_than:
                    continue
                self._runner.stop(task.generation_id, "exceeded the workflow timeout")
                code = "timeout"
            else:
                code = "workflow_ended" if status else "workflow_not_started"
            error = {"code": code, "message": "The generation did not finish in time."}
            if self.release(task, "failed", error):
                self._objects.delete_everything(
                    s3_keys.generation_prefix(task.user_id, task.generation_id)
                )
                released += 1
        return {"checked": checked, "released": released}
