"""The composition root: builds the domain services with their adapters, once per process
(lazily, so a cold start pays only for what a request uses), one feature per module of
`chalicelib.composition`. The one way to put a fake in place of a piece (tests, the
local stack's stand-ins) is `services.overrides[name] = piece`, before that piece is
first used: a later substitution raises instead of being silently ignored."""

from __future__ import annotations

from chalicelib.composition.library import LibraryPieces
from chalicelib.composition.privacy import PrivacyPieces
from chalicelib.composition.realtime import RealtimePieces
from chalicelib.config import get_settings


class Services(PrivacyPieces, RealtimePieces, LibraryPieces):
    """Every piece of the service, for the entry points and the views."""


_services: Services | None = None


def get_services() -> Services:
    global _services
    if _services is None:
        _services = Services(get_settings())
    return _services


def set_services(services: Services | None) -> None:
    """Install a prepared container (tests), or None to rebuild from the environment."""
    global _services
    _services = services
