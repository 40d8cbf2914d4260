"""Throttling: strict per account, generous per IP, with growing delays and no permanent
lockout (sign-in), and a few reset emails an hour (password/forgot).

An attempt is counted *before* it is evaluated, by one conditional write: the counter
only moves while its window is current, under the rule's free allowance and not
blocked (a missing counter is created by the same write, one whose window is over is
replaced under a condition), so however many requests arrive at once no more than the
allowance get through.
Past the allowance each admitted attempt takes a lease (a short block) in the same write,
so attempts go one at a time, and a failure turns the lease into the rule's delay. Reads
only choose which conditional write to try next; none decides anything alone."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from chalicelib.clock import Clock
from chalicelib.errors import RateLimited

# Enough for every state change a contended counter goes through on its way to a block
# (a new window, each free attempt, the lease); past it the attempt is refused.
MAX_ROUNDS = 8


@dataclass(frozen=True)
class ThrottleRule:
    prefix: str
    free_failures: int  # attempts admitted in a window before each one blocks (>= 2)
    window: timedelta
    base_delay_seconds: int
    max_delay_seconds: int

    def key(self, value: str, secret: str) -> str:
        """The counter's key: a keyed hash (HMAC) of the email or IP address, so the
        stored key cannot be reversed by hashing candidate emails or all IPv4s."""
        mac = hmac.new(secret.encode(), f"{self.prefix}:{value}".encode(), hashlib.sha256)
        return f"{self.prefix}:{mac.hexdigest()[:40]}"

    def delay_after(self, failures: int) -> int:
        """Seconds to block after `failures` failures in the window (0 = no block)."""
        over = failures - self.free_failures
        if over < 0:
            return 0
        return min(self.max_delay_seconds, self.base_delay_seconds * (1 << over))


# Five wrong passwords for one account, then 30 s, 60 s, ... up to 15 minutes.
ACCOUNT_RULE = ThrottleRule("acct", 5, timedelta(minutes=15), 30, 900)
# An office or carrier NAT shares one address: 100 failures before it slows down.
IP_RULE = ThrottleRule("ip", 100, timedelta(minutes=15), 5, 300)
# Reset emails: three an hour to one account, twenty requests an hour from one address.
FORGOT_ACCOUNT_RULE = ThrottleRule("forgot-acct", 3, timedelta(hours=1), 3600, 3600)
FORGOT_IP_RULE = ThrottleRule("forgot-ip", 20, timedelta(hours=1), 3600, 3600)


@dataclass(frozen=True, slots=True)
class ThrottleState:
    failures: int
    window_started_at: datetime | None
    blocked_until: datetime | None


class ThrottleStore(Protocol):
    """Conditional writes on one counter; each tells whether its condition held."""

    def get_throttle(self, key: str) -> ThrottleState | None: ...

    def open_throttle_window(
        self, key: str, *, now: datetime, window_after: datetime, expires: datetime
    ) -> bool:
        """Replace an existing counter with a window counting one attempt, unless its
        window (started after `window_after`) is current or a block runs."""
        ...

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
        """Add one attempt to the current window if it holds fewer than `below` (a missing
        counter starts its window) or at least `at_least`, and no block runs, setting the
        lease; the new count and the window's start."""
        ...

    def block_throttle(self, key: str, window_started_at: datetime, until: datetime) -> None:
        """Block until `until`, if the window is still the one given."""
        ...

    def release_throttle(
        self, key: str, window_started_at: datetime, lease_until: datetime | None
    ) -> None:
        """Take one attempt back and lift its lease, if the window is still the one given."""
        ...

    def clear_throttle(self, key: str) -> None: ...


@dataclass(frozen=True)
class Admission:
    """One counted attempt: its number in the window and the lease it holds, if any."""

    rule: ThrottleRule
    key: str
    attempt: int
    window_started_at: datetime
    lease_until: datetime | None


class Throttle:
    def __init__(self, store: ThrottleStore, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def admit(self, rule: ThrottleRule, key: str) -> Admission:
        """Count an attempt before it is evaluated, or raise RateLimited."""
        store = self._store
        now = self._clock.now()
        window_after = now - rule.window
        expires = now + rule.window
        free_below = rule.free_failures - 1  # earlier attempts that leave this one free
        state: ThrottleState | None = None  # the counter, once one was read
        for _ in range(MAX_ROUNDS):
            lease = None
            blocked_until = state.blocked_until if state is not None else None
            if blocked_until is not None and blocked_until > now:
                raise _refusal(blocked_until - now)
            if state is not None and not _current(state, window_after):
                opened = store.open_throttle_window(
                    key, now=now, window_after=window_after, expires=expires
                )
                counted = (1, now) if opened else None
            elif state is None or state.failures < free_below:
                counted = store.count_throttle_attempt(
                    key, now=now, window_after=window_after, expires=expires, below=free_below
                )
            else:
                lease = now + timedelta(seconds=rule.base_delay_seconds)
                counted = store.count_throttle_attempt(
                    key,
                    now=now,
                    window_after=window_after,
                    expires=expires,
                    at_least=free_below,
                    lease_until=lease,
                )
            if counted is not None:
                attempt, window_started_at = counted
                return Admission(rule, key, attempt, window_started_at, lease)
            state = store.get_throttle(key)
        raise _refusal(timedelta(seconds=1))

    def admit_all(self, keys: list[tuple[ThrottleRule, str]]) -> list[Admission]:
        """An attempt counted under every rule, or under none (RateLimited)."""
        admitted: list[Admission] = []
        try:
            for rule, key in keys:
                admitted.append(self.admit(rule, key))
        except RateLimited:
            self.release(admitted)
            raise
        return admitted

    def failed(self, admissions: list[Admission]) -> None:
        """The attempts failed: those past the allowance block for the rule's delay."""
        now = self._clock.now()
        for a in admissions:
            if a.lease_until is not None:
                until = now + timedelta(seconds=a.rule.delay_after(a.attempt))
                self._store.block_throttle(a.key, a.window_started_at, until)

    def succeeded(self, admissions: list[Admission], reset: ThrottleRule | None = None) -> None:
        """The attempts succeeded: they no longer count, and the `reset` rule's counter
        starts over."""
        for a in admissions:
            if a.rule == reset:
                self._store.clear_throttle(a.key)
        self.release([a for a in admissions if a.rule != reset])

    def release(self, admissions: list[Admission]) -> None:
        """Take the attempts back and lift their leases."""
        for a in admissions:
            self._store.release_throttle(a.key, a.window_started_at, a.lease_until)


def _current(state: ThrottleState, window_after: datetime) -> bool:
    return state.window_started_at is not None and state.window_started_at > window_after


def _refusal(wait: timedelta) -> RateLimited:
    return RateLimited(int(wait.total_seconds()) + 1, "Too many failed sign-in attempts.")
