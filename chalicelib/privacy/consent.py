"""Cookie consent for anonymous visitors (a `consent_id` cookie) and users: each change
is a record (categories, policy version, method, GPC flag, time); the newest is in force.
`Sec-GPC: 1` forces marketing off and is recorded with method `gpc`. At sign-in, a
visitor's newer choice is carried over to the account."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from chalicelib.clock import Clock
from chalicelib.ids import new_id
from chalicelib.privacy.consent_state import ConsentState

if TYPE_CHECKING:  # the ports name the data map: the consent view need not load it
    from chalicelib.domain.policy import PolicyRegistry
    from chalicelib.privacy.ports import ConsentRecords

CONSENT_ID = re.compile(r"^cns_[0-9a-z]{26}$")


def valid_consent_id(value: str | None) -> str | None:
    return value if value and CONSENT_ID.match(value) else None


def new_consent_id() -> str:
    return new_id("cns")


class ConsentService:
    def __init__(self, store: ConsentRecords, policies: PolicyRegistry, clock: Clock) -> None:
        self._store = store
        self._policies = policies
        self._clock = clock

    def _policy_version(self, now: datetime) -> str:
        return self._policies.current(now.date()).version

    def current(self, subject_id: str, consent_id: str, gpc: bool) -> ConsentState:
        now = self._clock.now()
        state = self._store.latest_consent(subject_id, now)
        if state is None:
            return ConsentState(
                consent_id, False, False, False, self._policy_version(now),
                "gpc" if gpc else "default", gpc, None,
            )  # fmt: skip
        if gpc and state.marketing:
            choices = {"functional": state.functional, "analytics": state.analytics}
            return self.update(subject_id, state.consent_id, {**choices, "marketing": False}, gpc)
        return state

    def update(
        self, subject_id: str, consent_id: str, choices: dict[str, bool], gpc: bool
    ) -> ConsentState:
        now = self._clock.now()
        state = ConsentState(
            consent_id=consent_id,
            functional=bool(choices["functional"]),
            analytics=bool(choices["analytics"]),
            marketing=bool(choices["marketing"]) and not gpc,
            policy_version=self._policy_version(now),
            method="gpc" if gpc else "explicit",
            gpc=gpc,
            updated_at=now,
        )
        self._store.add_consent(subject_id, state)
        return state

    def analytics_allowed(self, subject_id: str) -> bool:
        state = self._store.latest_consent(subject_id, self._clock.now())
        return state is not None and state.analytics

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
        if _not_older(mine, visitor):
            return
        self._store.add_consent(user_id, replace(visitor, consent_id=consent_id, updated_at=now))


def _not_older(mine: ConsentState | None, visitor: ConsentState) -> bool:
    """Whether the account's own recorded choice is at least as new as the visitor's."""
    if mine is None or mine.updated_at is None or visitor.updated_at is None:
        return False
    return mine.updated_at >= visitor.updated_at
