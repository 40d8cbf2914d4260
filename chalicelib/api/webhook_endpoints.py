"""Your webhook endpoints and their deliveries (session authentication only: an API key
never reaches these routes; see API.md "Developer access")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.api.models import lazy
from chalicelib.api.request_context import Reply, RequestContext
from chalicelib.api.routing import Router

if TYPE_CHECKING:
    from chalicelib.api.models import base
    from chalicelib.api.models import webhook_endpoints as hooks
else:
    base, hooks = lazy("base"), lazy("webhook_endpoints")

router = Router(__name__, "webhook endpoints")  # no scopes: no API key reaches these
ONE = "/v1/webhook-endpoints/{endpoint_id}"


@router.route(
    "/v1/webhook-endpoints",
    "GET",
    summary="Your webhook endpoints (without their secrets)",
    response=lambda: base.list_of(hooks.WebhookEndpoint),
)
def list_webhook_endpoints(ctx: RequestContext) -> Any:
    endpoints = ctx.services.webhooks.endpoints(ctx.user.user_id)
    return base.listed(hooks.WebhookEndpoint, [hooks.WebhookEndpoint.of(e) for e in endpoints])


@router.route(
    "/v1/webhook-endpoints",
    "POST",
    summary="Add an endpoint; its signing secret is in this answer only",
    status=201,
    body=lambda: hooks.EndpointRequest,
    response=lambda: hooks.CreatedWebhookEndpoint,
    errors=("validation_error", "conflict"),
)
def create_webhook_endpoint(ctx: RequestContext) -> Reply:
    body: hooks.EndpointRequest = ctx.body
    created = ctx.services.webhooks.create(
        ctx.user.user_id, body.url, tuple(body.events), body.description
    )
    location: dict[str, str | list[str]] = {
        "Location": f"/v1/webhook-endpoints/{created.endpoint_id}"
    }
    return Reply(hooks.CreatedWebhookEndpoint.created(created), 201, location)


@router.route(
    ONE,
    "GET",
    summary="A webhook endpoint",
    response=lambda: hooks.WebhookEndpoint,
    errors=("not_found",),
)
def get_webhook_endpoint(ctx: RequestContext, endpoint_id: str) -> hooks.WebhookEndpoint:
    return hooks.WebhookEndpoint.of(ctx.services.webhooks.get(ctx.user.user_id, endpoint_id))


@router.route(
    ONE,
    "PATCH",
    summary="Change an endpoint's URL, events, description, or enable it again",
    body=lambda: hooks.EndpointPatch,
    response=lambda: hooks.WebhookEndpoint,
    errors=("not_found", "validation_error"),
)
def update_webhook_endpoint(ctx: RequestContext, endpoint_id: str) -> hooks.WebhookEndpoint:
    body: hooks.EndpointPatch = ctx.body
    from chalicelib.domain.webhooks import EndpointChange

    change = EndpointChange(
        url=body.url,
        events=None if body.events is None else tuple(body.events),
        description=body.description,
        enabled=body.enabled,
    )
    return hooks.WebhookEndpoint.of(
        ctx.services.webhooks.update(ctx.user.user_id, endpoint_id, change)
    )


@router.route(
    ONE,
    "DELETE",
    summary="Remove an endpoint and its deliveries",
    status=204,
    errors=("not_found",),
)
def delete_webhook_endpoint(ctx: RequestContext, endpoint_id: str) -> None:
    ctx.services.webhooks.delete(ctx.user.user_id, endpoint_id)


@router.route(
    f"{ONE}/test",
    "POST",
    summary="Send a `ping` event to the endpoint",
    status=202,
    response=lambda: hooks.WebhookDelivery,
    errors=("not_found",),
)
def ping_webhook_endpoint(ctx: RequestContext, endpoint_id: str) -> hooks.WebhookDelivery:
    return hooks.WebhookDelivery.of(ctx.services.webhooks.ping(ctx.user.user_id, endpoint_id))


@router.route(
    f"{ONE}/deliveries",
    "GET",
    summary="The endpoint's recent deliveries, newest first",
    response=lambda: base.list_of(hooks.WebhookDelivery),
    errors=("not_found",),
)
def list_webhook_deliveries(ctx: RequestContext, endpoint_id: str) -> Any:
    found = ctx.services.webhooks.deliveries(ctx.user.user_id, endpoint_id)
    return base.listed(hooks.WebhookDelivery, [hooks.WebhookDelivery.of(d) for d in found])


@router.route(
    f"{ONE}/deliveries/{{delivery_id}}/retry",
    "POST",
    summary="Attempt a delivery that ended (succeeded or failed) once more",
    status=202,
    response=lambda: hooks.WebhookDelivery,
    errors=("not_found", "conflict"),
)
def retry_webhook_delivery(
    ctx: RequestContext, endpoint_id: str, delivery_id: str
) -> hooks.WebhookDelivery:
    retried = ctx.services.webhooks.retry(ctx.user.user_id, endpoint_id, delivery_id)
    return hooks.WebhookDelivery.of(retried)
