"""What a generation is, as the domain sees it: the task, the images it produced, how
it failed, and the admission rule a submission is checked against. Plain values: the
stores translate them to and from their items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from chalicelib.domain.catalogue import Entitlements
from chalicelib.domain.image_models import GenerationParams, ImageModelId, ImageRef
from chalicelib.domain.json_types import JSONObject
from chalicelib.domain.statuses import ACTIVE, GenerationStatus
from chalicelib.errors import RateLimited

CONCURRENCY_RETRY_SECONDS = 15


# Where a generation's credits are: held while it runs, then captured or released.
class CostState(StrEnum):
    held = "held"
    captured = "captured"
    released = "released"


@dataclass(frozen=True, slots=True, kw_only=True)
class OutputImage:
    """An image the generate step stored, with its thumbnail (S3 keys)."""

    index: int
    key: str
    thumbnail_key: str
    width: int
    height: int
    format: str
    bytes: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Outputs:
    """What the generate step recorded, for the capture to publish."""

    images: tuple[OutputImage, ...]
    usage: JSONObject  # the provider's usage figures, as it reported them


@dataclass(frozen=True, slots=True, kw_only=True)
class Failure:
    """Why a generation did not succeed (`stage`: which moderation refused it)."""

    code: str
    message: str
    stage: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Generation:
    user_id: str
    generation_id: str
    status: GenerationStatus
    model: ImageModelId
    prompt: str
    params: GenerationParams
    input_keys: tuple[str, ...]  # the sanitized objects of params.input_images
    mask_key: str | None
    created_at: datetime
    cost_credits: int
    cost_state: CostState
    retention_class: str
    expires_at: datetime
    idempotency_key: str | None = None  # its Idempotency-Key record, if any
    started_at: datetime | None = None
    completed_at: datetime | None = None
    images: tuple[OutputImage, ...] = ()
    usage: JSONObject | None = None
    error: Failure | None = None
    outputs: Outputs | None = None  # recorded by the generate step, until the capture
    favorite: bool = False
    collection_ids: tuple[str, ...] = ()
    parent: ImageRef | None = None  # the image a remix (or a run's edit step) was made from
    workflow_run_id: str | None = None  # the run that made it, if any
    partial_keys: tuple[str, ...] = ()  # its streamed previews, while it runs

    @property
    def execution_name(self) -> str:
        """The state machine execution that runs it: its run's, or its own."""
        return self.workflow_run_id or self.generation_id

    @property
    def awaits_input(self) -> bool:
        """A run's edit step whose input (its parent's output) is copied when it starts."""
        return self.workflow_run_id is not None and self.parent is not None and not self.input_keys

    @property
    def active(self) -> bool:
        """Still running and holding its credits."""
        return self.status in ACTIVE and self.cost_state == CostState.held


@dataclass(frozen=True, slots=True)
class Admission:
    """The limits a submission is admitted under, at one minute's window: at most
    `max_concurrent` generations holding credits, at most `per_minute` a minute."""

    window: str  # the minute, "YYYY-MM-DDTHH:MM"
    seconds_left: int  # until the next window
    max_concurrent: int
    per_minute: int

    @classmethod
    def at(cls, now: datetime, limits: Entitlements) -> Admission:
        return cls(
            now.strftime("%Y-%m-%dT%H:%M"),
            60 - now.second,
            limits.max_concurrent,
            limits.generations_per_minute,
        )

    def count_after(self, active: int, window: str | None, count: int) -> int:
        """The window's submission count once this one is admitted, from the user's
        figures as read; RateLimited if a limit is reached."""
        if active >= self.max_concurrent:
            raise RateLimited(
                CONCURRENCY_RETRY_SECONDS,
                f"At most {self.max_concurrent} generations may run at once.",
            )
        count = count if window == self.window else 0
        if count >= self.per_minute:
            raise RateLimited(self.seconds_left, "Too many generations this minute.")
        return count + 1
