"""Who hears of a change once it landed: `ChangeListener` is what the stores and the
run service call; `Listeners` tells webhooks (ends only) and live updates (every
change). Each listener logs its own failures: none is raised into the step."""

from __future__ import annotations

from typing import Protocol

from chalicelib.domain.statuses import GenerationStatus
from chalicelib.domain.webhook_events import SettlementListener


class ChangeListener(SettlementListener, Protocol):
    def generation_changed(self, user_id: str, generation_id: str) -> None:
        """A generation was made or started (its ends: `generation_settled`)."""

    def run_changed(self, user_id: str, run_id: str) -> None:
        """A run started or one of its generations settled (its end: `run_closed`)."""


class Listeners:
    def __init__(self, ends: SettlementListener, changes: ChangeListener) -> None:
        self._ends = ends
        self._changes = changes

    def generation_changed(self, user_id: str, generation_id: str) -> None:
        self._changes.generation_changed(user_id, generation_id)

    def run_changed(self, user_id: str, run_id: str) -> None:
        self._changes.run_changed(user_id, run_id)

    def generation_settled(
        self, user_id: str, generation_id: str, status: GenerationStatus
    ) -> None:
        self._ends.generation_settled(user_id, generation_id, status)
        self._changes.generation_settled(user_id, generation_id, status)

    def run_closed(self, user_id: str, run_id: str) -> None:
        self._ends.run_closed(user_id, run_id)
        self._changes.run_closed(user_id, run_id)
