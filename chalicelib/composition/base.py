"""The container every piece hangs on: the settings, the clock and the substitutes (the
one way to put a fake in place of a piece), and how a piece is looked up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from chalicelib.clock import Clock, Pacer, SystemClock, SystemPacer
from chalicelib.config import Settings

T = TypeVar("T")


class Substitutes(dict[str, Any]):
    """Pieces to use instead of what the container would build, by name."""

    def __init__(self) -> None:
        super().__init__()
        self.used: set[str] = set()

    def __setitem__(self, name: str, piece: Any) -> None:
        if name in self.used:
            raise RuntimeError(f"{name!r} is already in use: substitute it before first use")
        super().__setitem__(name, piece)

    def setdefault(self, name: str, piece: Any = None) -> Any:
        if name not in self:
            self[name] = piece
        return self[name]


@dataclass
class Container:
    settings: Settings
    clock: Clock = field(default_factory=SystemClock)
    pacer: Pacer = field(default_factory=SystemPacer)
    overrides: Substitutes = field(default_factory=Substitutes)

    def replace(self, name: str, piece: Any) -> None:
        """Put `piece` in place of one already in use, and forget every service built so
        far, so that each is built again with it (a test that changes a piece midway)."""
        dict.__setitem__(self.overrides, name, piece)
        for klass in type(self).__mro__:
            for attribute, value in vars(klass).items():
                if isinstance(value, cached_property):
                    self.__dict__.pop(attribute, None)

    def _get(self, name: str, build: Callable[[], T]) -> T:
        self.overrides.used.add(name)
        if name in self.overrides:
            piece: T = self.overrides[name]
            return piece
        return build()
