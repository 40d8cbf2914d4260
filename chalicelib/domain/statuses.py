"""The states a generation moves through (the workflow, the stores and the API read
these), and which of them are still active."""

from __future__ import annotations

from enum import StrEnum


class GenerationStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELED = "canceled"
    BLOCKED = "blocked"


# Still holding credits and a concurrency slot: cancelable, and watched by the reaper.
ACTIVE: tuple[str, ...] = (GenerationStatus.QUEUED.value, GenerationStatus.RUNNING.value)
