"""Presets and saved workflows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.api.models import lazy
from chalicelib.api.request_context import Reply, RequestContext
from chalicelib.api.routing import Router, paged
from chalicelib.domain.api_key_entities import GENERATIONS

if TYPE_CHECKING:
    from chalicelib.api.models import base, workflows
else:
    base, workflows = lazy("base"), lazy("workflows")

router = Router(__name__, "workflows", GENERATIONS)


@router.route(
    "/v1/presets",
    "GET",
    summary="The built-in styles: a prompt template holding {prompt} and default params",
    auth="none",
    response=lambda: base.list_of(workflows.Preset),
)
def list_presets(ctx: RequestContext) -> base.ResponseModel:
    from chalicelib.domain.presets import PRESETS  # with the generation parameters' rules

    return base.listed(workflows.Preset, [workflows.Preset.of(p) for p in PRESETS.values()])


@router.route(
    "/v1/workflows",
    "GET",
    summary="Your saved workflows, newest first",
    query=lambda: base.Pagination,
    response=lambda: base.page_of(workflows.Workflow),
)
def list_workflows(ctx: RequestContext) -> dict[str, Any]:
    user_id = ctx.user.user_id
    return paged(
        ctx,
        lambda limit, cursor: ctx.services.workflows.page(user_id, limit, cursor),
        workflows.Workflow.of,
    )


@router.route(
    "/v1/workflows",
    "POST",
    summary="Save a workflow (version 1); 422 names each problem's field",
    status=201,
    body=lambda: workflows.WorkflowRequest,
    response=lambda: workflows.Workflow,
    errors=("validation_error",),
)
def create_workflow(ctx: RequestContext) -> Reply:
    created = ctx.services.workflows.create(ctx.user, ctx.body.definition())
    location: dict[str, str | list[str]] = {"Location": f"/v1/workflows/{created.workflow_id}"}
    return Reply(workflows.Workflow.of(created), 201, location)


@router.route(
    "/v1/workflows/{workflow_id}",
    "GET",
    summary="A saved workflow",
    response=lambda: workflows.Workflow,
    errors=("not_found",),
)
def get_workflow(ctx: RequestContext, workflow_id: str) -> workflows.Workflow:
    return workflows.Workflow.of(ctx.services.workflows.get(ctx.user.user_id, workflow_id))


@router.route(
    "/v1/workflows/{workflow_id}",
    "PATCH",
    summary="Change a workflow (the fields given replace the stored ones; version + 1)",
    body=lambda: workflows.WorkflowPatch,
    response=lambda: workflows.Workflow,
    errors=("not_found", "validation_error", "conflict"),
)
def update_workflow(ctx: RequestContext, workflow_id: str) -> workflows.Workflow:
    return workflows.Workflow.of(
        ctx.services.workflows.update(ctx.user, workflow_id, ctx.body.merged)
    )


@router.route(
    "/v1/workflows/{workflow_id}",
    "DELETE",
    summary="Delete a workflow (its runs and their generations stay)",
    status=204,
    errors=("not_found",),
)
def delete_workflow(ctx: RequestContext, workflow_id: str) -> Reply:
    ctx.services.workflows.delete(ctx.user.user_id, workflow_id)
    return Reply(status=204)


@router.route(
    "/v1/workflows/{workflow_id}/runs/quote",
    "POST",
    summary="What a run would make and cost: credits and generations, per expansion and step",
    body=lambda: workflows.RunRequest,
    response=lambda: workflows.RunQuote,
    errors=("not_found", "validation_error"),
)
def quote_run(ctx: RequestContext, workflow_id: str) -> workflows.RunQuote:
    body: workflows.RunRequest = ctx.body
    service = ctx.services.workflows
    return workflows.RunQuote.of(
        service.plan_run(ctx.user, workflow_id, body.values(), body.matrix)
    )
