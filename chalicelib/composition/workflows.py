"""The composition root's pieces for creative workflows: saved workflows, their runs and
their stores."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from chalicelib.composition.generations import GenerationPieces

if TYPE_CHECKING:  # the adapters load lazily, on first use
    from chalicelib.adapters.runs_store import RunsStore
    from chalicelib.adapters.workflows_store import WorkflowsStore
    from chalicelib.domain.runs import RunService
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

    @cached_property
    def runs_store(self) -> RunsStore:
        from chalicelib.adapters.runs_store import RunsStore

        return self._get("runs_store", lambda: RunsStore(self.ledger_store))

    @cached_property
    def runs(self) -> RunService:
        from chalicelib.domain.runs import Dependencies, RunService

        return RunService(
            Dependencies(
                runs=self.runs_store,
                workflows=self.workflows,
                generations=self.generations,
                generations_store=self.generations_store,
                uploads=self.uploads_store,
                objects=self.objects,
                runner=self.workflow_runner,
                idempotency=self.idempotency_store,
                clock=self.clock,
                listener=self._settlement_listener,
            )
        )
