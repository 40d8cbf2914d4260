"""What follows a transaction that ended generations (a capture, a release, a run's
shares released together), once it landed: the listener (webhook events) hears of each
end, and the run closes when its last share settled, the listener told of that too.
Called only when the transaction applied, so a step retried after it adds nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from chalicelib.adapters.runs_store import close_if_settled
from chalicelib.domain.generation_entities import Generation
from chalicelib.domain.statuses import GenerationStatus

if TYPE_CHECKING:
    from chalicelib.domain.webhook_events import SettlementListener

Listen = Callable[[], "SettlementListener | None"] | None


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
    if closed and listener is not None and run_id is not None:
        listener.run_closed(first.user_id, run_id)
