"""What follows a transaction that changed generations, once it landed: the listener
(webhook events, live updates) hears of each start and each end (a capture, a release,
a run's shares released together), and the run closes when its last share settled,
the listener told of that too. Called only when the change applied, so a step retried
after it adds nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from chalicelib.adapters.runs_store import close_if_settled
from chalicelib.domain.generation_entities import Generation
from chalicelib.domain.statuses import GenerationStatus

if TYPE_CHECKING:
    from chalicelib.domain.listeners import ChangeListener

Listen = Callable[[], "ChangeListener | None"] | None


def changed(listen: Listen, generation: Generation) -> None:
    """A generation was made or started."""
    listener = listen() if listen is not None else None
    if listener is not None:
        listener.generation_changed(generation.user_id, generation.generation_id)


def settle(
    listen: Listen, generations: list[Generation], status: GenerationStatus, now: datetime
) -> None:
    first = generations[0]
    listener = listen() if listen is not None else None
    if listener is not None:
        for generation in generations:
            listener.generation_settled(generation.user_id, generation.generation_id, status)
    run_id = first.workflow_run_id
    closed = run_id is not None and close_if_settled(first.user_id, run_id, now)
    if listener is not None and run_id is not None:
        if closed:
            listener.run_closed(first.user_id, run_id)
        else:
            listener.run_changed(first.user_id, run_id)  # its tally moved
