"""The per-key allowance's branches that a single client cannot produce: a window
another request opened between this request's two writes, and the wait it answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.clock import FrozenClock
from chalicelib.domain.api_key_entities import ApiKey, Scope
from chalicelib.domain.api_keys import ApiKeyService
from chalicelib.domain.throttle import ThrottleState
from chalicelib.errors import RateLimited

NOW = datetime.now(UTC).replace(microsecond=0)  # as the `clock` fixture starts


class Counter:
    """A throttle store answering each conditional write from a script."""

    def __init__(self, counts: list[bool], opens: list[bool], started: datetime) -> None:
        self.counts, self.opens, self.started = counts, opens, started
        self.calls: list[str] = []

    def count_throttle_attempt(self, key: str, **_: object) -> tuple[int, datetime] | None:
        self.calls.append("count")
        return (1, self.started) if self.counts.pop(0) else None

    def open_throttle_window(self, key: str, **_: object) -> bool:
        self.calls.append("open")
        return self.opens.pop(0)

    def get_throttle(self, key: str) -> ThrottleState:
        self.calls.append("get")
        return ThrottleState(120, self.started, None)


def service(counter: Counter) -> ApiKeyService:
    return ApiKeyService(
        store=None,  # type: ignore[arg-type]
        users=None,  # type: ignore[arg-type]
        events=None,  # type: ignore[arg-type]
        throttles=counter,  # type: ignore[arg-type]
        clock=FrozenClock(NOW),
        throttle_secret="k",
    )


KEY = ApiKey(
    key_hash="h",
    key_id="key_1",
    user_id="usr_1",
    name="n",
    prefix="gi2_sk_abcde",
    scopes=(Scope.LIBRARY,),
    created_at=NOW,
)


def test_a_window_opened_by_another_request_meanwhile_still_counts_this_one():
    counter = Counter(counts=[False, True], opens=[False], started=NOW)
    service(counter)._admit(KEY, NOW)
    assert counter.calls == ["count", "open", "count"]


def test_past_the_allowance_the_wait_runs_to_the_end_of_the_window():
    counter = Counter(counts=[False, False], opens=[False], started=NOW - timedelta(seconds=45))
    with pytest.raises(RateLimited) as refused:
        service(counter)._admit(KEY, NOW)
    assert refused.value.retry_after == 16
    assert counter.calls == ["count", "open", "count", "get"]
