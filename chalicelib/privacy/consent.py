"""Cookie consent for anonymous visitors (a `consent_id` cookie) and users: each change
is a record (categories, policy version, method, GPC flag, time); the newest is in force.
`Sec-GPC: 1` forces marketing off and is recorded with method `gpc`. At sign-in, a
visitor's newer choice is carried over to the account."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chalicelib.clock import Clock
from chalicelib.ids import new_id

OPTIONAL = ("functional", "analytics", "marketing")
CONSENT_ID = re.compile(r"^cns_[0-9a-z]{26}$")


@dataclass(frozen=True)
class ConsentState:
    consent_id: str
    functional: bool
    analytics: bool
    marketing: bool
    policy_version: str
    method: str
    gpc: bool
    updated_at: datetime | None


def valid_consent_id(value: str | None) -> str | None:
    return value if value and CONSENT_ID.match(value) else None


def new_consent_id() -> str:
    return new_id("cns")


class ConsentService:
    def __init__(self, store: Any, policies: Any, clock: Clock) -> None:
        self._store = store
        self._policies = policies
        self._clock = clock

    def _policy_version(self, now: datetime) -> str:
        return str(self._policies.current(now.date()).version)

    @staticmethod
    def _state(record: Any) -> ConsentState:
        return ConsentState(
            record.consent_id,
            bool(record.functional),
            bool(record.analytics),
            bool(record.marketing),
            record.policy_version,
            record.method,
            bool(record.gpc),
            record.created_at,
        )

    def current(self, subject_id: str, consent_id: str, gpc: bool) -> ConsentState:
        now = self._clock.now()
        record = self._store.latest_consent(subject_id, now)
        if record is None:
            return ConsentState(
                consent_id, False, False, False, self._policy_version(now),
                "gpc" if gpc else "default", gpc, None,
            )  # fmt: skip
        state = self._state(record)
        if gpc and state.marketing:
            choices = {"functional": state.functional, "analytics": state.analytics}
            return self.update(subject_id, state.consent_id, {**choices, "marketing": False}, gpc)
        return state

    def update(
        self, subject_id: str, consent_id: str, choices: dict[str, bool], gpc: bool
    ) -> ConsentState:
        now = self._clock.now()
        values = {name: bool(choices[name]) for name in OPTIONAL}
        if gpc:
            values["marketing"] = False
        record = self._store.add_consent(
            subject_id,
            now,
            consent_id=consent_id,
            policy_version=self._policy_version(now),
            method="gpc" if gpc else "explicit",
            gpc=gpc,
            **values,
        )
        return self._state(record)

    def analytics_allowed(self, subject_id: str) -> bool:
        record = self._store.latest_consent(subject_id, self._clock.now())
        return bool(record is not None and record.analytics)

    def merge_on_login(self, user_id: str, consent_id: str | None) -> None:
        """Carry a visitor's choice made before signing in over to the account, when it
        is newer than the account's own."""
        consent_id = valid_consent_id(consent_id)
        if consent_id is None:
            return
        now = self._clock.now()
        visitor = self._store.latest_consent(consent_id, now)
        if visitor is None:
            return
        mine = self._store.latest_consent(user_id, now)
        if mine is not None and mine.created_at >= visitor.created_at:
            return
        self._store.add_consent(
            user_id,
            now,
            consent_id=consent_id,
            policy_version=visitor.policy_version,
            method=visitor.method,
            gpc=bool(visitor.gpc),
            **{name: bool(getattr(visitor, name)) for name in OPTIONAL},
        )
