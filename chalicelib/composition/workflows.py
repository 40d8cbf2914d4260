"""The composition root's pieces for creative workflows: saved workflows and their store."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from chalicelib.composition.generations import GenerationPieces

if TYPE_CHECKING:  # the adapters load lazily, on first use
    from chalicelib.adapters.workflows_store import WorkflowsStore
    from chalicelib.domain.workflows import WorkflowService


class WorkflowPieces(GenerationPieces):
    @cached_property
    def workflows_store(self) -> WorkflowsStore:
        from chalicelib.adapters.workflows_store import WorkflowsStore

        return self._get("workflows_store", WorkflowsStore)

    @cached_property
    def workflows(self) -> WorkflowService:
        from chalicelib.domain.workflows import WorkflowService

        return WorkflowService(self.workflows_store, self.clock, self.settings.pricing_margin)
