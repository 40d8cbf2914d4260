"""Workflow runs: submit (the whole quote held at once), list, read, cancel."""

from __future__ import annotations

from typing import Any

from chalicelib.api.models.base import page_of
from chalicelib.api.models.runs import RunsQuery, WorkflowRun
from chalicelib.api.models.workflows import RunRequest
from chalicelib.api.request_context import Reply, RequestContext
from chalicelib.api.routing import Router, paged
from chalicelib.domain.idempotency import HEADER, request_hash
from chalicelib.domain.run_entities import Run

router = Router(__name__, "workflow_runs")


def _stored(run: Run) -> dict[str, Any]:
    return WorkflowRun.of(run).dump()


@router.route(
    "/v1/workflows/{workflow_id}/runs",
    "POST",
    summary="Run a workflow: its whole quote is held at once, or nothing is made (402)",
    status=202,
    body=RunRequest,
    response=WorkflowRun,
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
    body: RunRequest = ctx.body
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
    query=RunsQuery,
    response=page_of(WorkflowRun),
)
def list_runs(ctx: RequestContext) -> dict[str, Any]:
    query: RunsQuery = ctx.params
    user_id, runs = ctx.user.user_id, ctx.services.runs
    return paged(
        ctx,
        lambda limit, cursor: runs.page(user_id, limit, cursor, query.workflow_id, query.status),
        WorkflowRun.of,
    )


@router.route(
    "/v1/workflow-runs/{run_id}",
    "GET",
    summary="A workflow run: its expansions, their generations and its cost",
    response=WorkflowRun,
    errors=("not_found",),
)
def get_run(ctx: RequestContext, run_id: str) -> WorkflowRun:
    return WorkflowRun.of(ctx.services.runs.get(ctx.user.user_id, run_id))


@router.route(
    "/v1/workflow-runs/{run_id}/cancel",
    "POST",
    summary="Cancel a run: what has not finished is canceled and its share released",
    response=WorkflowRun,
    errors=("not_found", "not_cancelable"),
)
def cancel_run(ctx: RequestContext, run_id: str) -> WorkflowRun:
    return WorkflowRun.of(ctx.services.runs.cancel(ctx.user.user_id, run_id))
