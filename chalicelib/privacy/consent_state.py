"""A cookie-consent choice as recorded: the categories, the policy version it was made
under, how it was made (`explicit`, `gpc`, `default`) and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class ConsentState:
    consent_id: str
    functional: bool
    analytics: bool
    marketing: bool
    policy_version: str
    method: str
    gpc: bool
    updated_at: datetime | None  # None: nothing recorded yet (the default)
