"""Usage and device events: stored only with analytics consent and when processing is
not restricted, with the IP cut to a prefix, the country from CloudFront and the
browser family and device class from the User-Agent (ua-parser, imported lazily)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from chalicelib.clock import Clock
from chalicelib.domain.json_types import JSONObject
from chalicelib.domain.netinfo import ip_prefix
from chalicelib.errors import FieldError, InvalidInput

if TYPE_CHECKING:  # the ports name the data map: the events view need not load it
    from chalicelib.domain.accounts_entities import User
    from chalicelib.privacy.consent import ConsentService
    from chalicelib.privacy.ports import UsageRecords

MAX_EVENTS = 50
MAX_BYTES = 64 * 1024
COUNTRY = re.compile(r"^[A-Z]{2}$")
TABLET = re.compile(r"ipad|tablet|kindle|silk|playbook|(android(?!.*mobile))", re.I)
MOBILE = re.compile(r"mobi|iphone|ipod|android|blackberry|opera mini|windows phone", re.I)


@dataclass(frozen=True)
class ClientFacts:
    ip_prefix: str
    country: str
    browser_family: str
    device_class: str


def device_class(user_agent: str, device_family: str) -> str:
    if device_family == "Spider":
        return "bot"
    if TABLET.search(user_agent):
        return "tablet"
    if MOBILE.search(user_agent):
        return "mobile"
    return "desktop" if user_agent else "unknown"


def client_facts(ip: str, user_agent: str, country: str | None) -> ClientFacts:
    from ua_parser import parse

    parsed = parse(user_agent[:1024]) if user_agent else None
    browser = parsed.user_agent.family if parsed and parsed.user_agent else "Other"
    device = parsed.device.family if parsed and parsed.device else "Other"
    country = (country or "").strip().upper()
    return ClientFacts(
        ip_prefix=ip_prefix(ip),
        country=country if COUNTRY.match(country) else "",
        browser_family=browser,
        device_class=device_class(user_agent, device),
    )


def occurred_at(events: list[dict[str, Any]]) -> list[datetime | None]:
    """Parse each event's `occurred_at` (RFC 3339), or 422 naming the bad one."""
    moments: list[datetime | None] = []
    for index, event in enumerate(events):
        raw = event.get("occurred_at")
        if raw is None:
            moments.append(None)
            continue
        try:
            moment = datetime.fromisoformat(raw)
            utc = moment.astimezone(UTC) if moment.tzinfo is not None else None
        except (ValueError, OverflowError):  # overflow: a year-1 time east of UTC
            utc = None
        if utc is None:
            field = f"events[{index}].occurred_at"
            raise InvalidInput([FieldError(field, "must be an RFC 3339 time with a zone")])
        moments.append(utc)
    return moments


class UsageEvents:
    def __init__(self, store: UsageRecords, consent: ConsentService, clock: Clock) -> None:
        self._store = store
        self._consent = consent
        self._clock = clock

    def record(
        self,
        user: User | None,
        consent_id: str | None,
        events: list[JSONObject],
        facts: Callable[[], ClientFacts],
    ) -> int:
        """Store the events if allowed; returns how many were recorded. `facts` computes
        the client facts (parsing the User-Agent only when something is stored)."""
        moments = occurred_at(events)
        subject = user.user_id if user is not None else consent_id
        if subject is None or (user is not None and user.restricted):
            return 0
        if not self._consent.analytics_allowed(subject):
            return 0
        now = self._clock.now()
        client = facts()
        rows = [
            {
                "type": e["type"],
                "name": e["name"],
                "properties": e.get("properties") or {},
                "occurred_at": moment,
                "ip_prefix": client.ip_prefix,
                "country": client.country,
                "browser_family": client.browser_family,
                "device_class": client.device_class,
            }
            for e, moment in zip(events, moments, strict=True)
        ]
        return self._store.add_events(subject, rows, now)
