"""Workflow runs: submit (the whole quote held at once), list, read, cancel."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.api.models import lazy
from chalicelib.api.request_context import Reply, RequestContext
from chalicelib.api.routing import Router, paged
from chalicelib.domain.api_key_entities import GENERATIONS

if TYPE_CHECKING:
    from chalicelib.api.models import base, runs, workflows
    from chalicelib.domain.run_entities import Run
else:
    base, runs, workflows = lazy("base"), lazy("runs"), lazy("workflows")

router = Router(__name__, "workflow_runs", GENERATIONS)


def _stored(run: Run) -> dict[str, Any]:
    return runs.WorkflowRun.of(run).dump()


@router.route(
    "/v1/workflows/{workflow_id}/runs",
    "POST",
    summary="Run a workflow: its whole quote is held at once, or nothing is made (402)",
    status=202,
    body=lambda: workflows.RunRequest,
    response=lambda: runs.WorkflowRun,
    idempotent=True,
    errors=(
        "not_found",
        "validation_error",
        "insufficient_credits",
        "email_unverified",
        "processing_restricted",
        "account_suspended",
        "rate_limited",
    ),
)
def create_run(ctx: RequestContext, workflow_id: str) -> Reply:
    from chalicelib.domain.idempotency import HEADER, request_hash

    body: workflows.RunRequest = ctx.body
    path = f"/v1/workflows/{workflow_id}/runs"  # a key reused on another workflow: 409
    submitted = ctx.services.runs.submit(
        ctx.user,
        workflow_id,
        body.values(),
        body.matrix,
        (ctx.header(HEADER), request_hash(ctx.request.method, path, ctx.json)),
        _stored,
    )
    headers: dict[str, str | list[str]] = {"Location": f"/v1/workflow-runs/{submitted.body['id']}"}
    if submitted.replayed:
        headers["Idempotent-Replayed"] = "true"
    return Reply(submitted.body, submitted.status, headers)


@router.route(
    "/v1/workflow-runs",
    "GET",
    summary="Your workflow runs, newest first (of one workflow, in one status)",
    query=lambda: runs.RunsQuery,
    response=lambda: base.page_of(runs.WorkflowRun),
)
def list_runs(ctx: RequestContext) -> dict[str, Any]:
    query: runs.RunsQuery = ctx.params
    user_id, service = ctx.user.user_id, ctx.services.runs
    return paged(
        ctx,
        lambda limit, cursor: service.page(user_id, limit, cursor, query.workflow_id, query.status),
        runs.WorkflowRun.of,
    )


@router.route(
    "/v1/workflow-runs/{run_id}",
    "GET",
    summary="A workflow run: its expansions, their generations and its cost",
    response=lambda: runs.WorkflowRun,
    errors=("not_found",),
)
def get_run(ctx: RequestContext, run_id: str) -> runs.WorkflowRun:
    return runs.WorkflowRun.of(ctx.services.runs.get(ctx.user.user_id, run_id))


@router.route(
    "/v1/workflow-runs/{run_id}/cancel",
    "POST",
    summary="Cancel a run: what has not finished is canceled and its share released",
    response=lambda: runs.WorkflowRun,
    errors=("not_found", "not_cancelable"),
)
def cancel_run(ctx: RequestContext, run_id: str) -> runs.WorkflowRun:
    return runs.WorkflowRun.of(ctx.services.runs.cancel(ctx.user.user_id, run_id))
