"""Login-throttle counters in DynamoDB: the conditional writes behind
`domain.throttle.Throttle` (its `ThrottleStore` port). Counters are keyed by a keyed
hash of the email or the IP address; no plain email or IP is stored."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pynamodb.exceptions import DoesNotExist, PutError, UpdateError
from pynamodb.expressions.update import Action

from chalicelib.adapters.models.accounts import ThrottleModel
from chalicelib.domain.throttle import ThrottleState


class ThrottleStore:
    def get_throttle(self, key: str) -> ThrottleState | None:
        try:
            item = ThrottleModel.get(key, consistent_read=True)
        except DoesNotExist:
            return None
        return ThrottleState(int(item.failures), item.window_started_at, item.blocked_until)

    def open_throttle_window(
        self, key: str, *, now: datetime, window_after: datetime, expires: datetime
    ) -> bool:
        """Replaces a counter whose window is over (or missing, as the old read-then-write
        race could leave it), never one that is current or blocked."""
        over = ThrottleModel.window_started_at.does_not_exist() | (
            ThrottleModel.window_started_at <= window_after
        )
        condition = ThrottleModel.key.does_not_exist() | (over & _not_blocked(now))
        fresh = ThrottleModel(key, failures=1, window_started_at=now, expires=expires)
        try:
            fresh.save(condition=condition)
        except PutError as exc:
            if _condition_failed(exc):
                return False
            raise
        return True

    def count_throttle_attempt(
        self,
        key: str,
        *,
        now: datetime,
        window_after: datetime,
        expires: datetime,
        below: int | None = None,
        at_least: int | None = None,
        lease_until: datetime | None = None,
    ) -> tuple[int, datetime] | None:
        condition = (ThrottleModel.window_started_at > window_after) & _not_blocked(now)
        if below is not None:
            # Under the allowance, a missing counter is created in the same write.
            condition = ThrottleModel.key.does_not_exist() | (
                condition & (ThrottleModel.failures < below)
            )
        if at_least is not None:
            condition &= ThrottleModel.failures >= at_least
        actions: list[Action] = [
            ThrottleModel.failures.add(1),
            ThrottleModel.window_started_at.set(ThrottleModel.window_started_at | now),
            ThrottleModel.expires.set(expires),
        ]
        if lease_until is not None:
            actions.append(ThrottleModel.blocked_until.set(lease_until))
        item = ThrottleModel(key)
        try:
            item.update(actions=actions, condition=condition)
        except UpdateError as exc:
            if _condition_failed(exc):
                return None
            raise
        return int(item.failures), item.window_started_at

    def block_throttle(self, key: str, window_started_at: datetime, until: datetime) -> None:
        try:
            ThrottleModel(key).update(
                actions=[ThrottleModel.blocked_until.set(until)],
                condition=ThrottleModel.window_started_at == window_started_at,
            )
        except UpdateError as exc:
            if not _condition_failed(exc):  # a success reset the counter meanwhile
                raise

    def release_throttle(
        self, key: str, window_started_at: datetime, lease_until: datetime | None
    ) -> None:
        condition = ThrottleModel.window_started_at == window_started_at
        actions: list[Any] = [ThrottleModel.failures.add(-1)]
        if lease_until is not None:
            condition &= ThrottleModel.blocked_until == lease_until
            actions.append(ThrottleModel.blocked_until.remove())
        try:
            ThrottleModel(key).update(actions=actions, condition=condition)
        except UpdateError as exc:
            if not _condition_failed(exc):  # the window is over: nothing to give back
                raise

    def clear_throttle(self, key: str) -> None:
        ThrottleModel(key).delete()


def _not_blocked(now: datetime) -> Any:
    return ThrottleModel.blocked_until.does_not_exist() | (ThrottleModel.blocked_until <= now)


def _condition_failed(exc: Exception) -> bool:
    return getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException"
