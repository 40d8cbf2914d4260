"""The composition root's pieces for the library: favorites, collections, image links."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from chalicelib.composition.generations import GenerationPieces

if TYPE_CHECKING:  # the adapters load lazily, on first use
    from chalicelib.adapters.library_store import LibraryStore
    from chalicelib.domain.library import LibraryService


class LibraryPieces(GenerationPieces):
    @cached_property
    def library_store(self) -> LibraryStore:
        from chalicelib.adapters.library_store import LibraryStore

        return self._get("library_store", LibraryStore)

    @cached_property
    def library(self) -> LibraryService:
        from chalicelib.domain.library import LibraryService

        return LibraryService(
            store=self.library_store,
            generations=self.generations,
            objects=self.objects,
            clock=self.clock,
        )
