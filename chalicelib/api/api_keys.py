"""API keys: listed, created from a fresh session (the secret shown once) and revoked.
No API key reaches these routes: a key cannot make or list keys."""

from __future__ import annotations

from typing import Any

from chalicelib.api.models.api_keys import ApiKey, ApiKeyCreated, ApiKeyRequest
from chalicelib.api.models.base import Pagination, page_of
from chalicelib.api.request_context import Reply, RequestContext
from chalicelib.api.routing import Router, paged

router = Router(__name__, "api_keys")


@router.route(
    "/v1/api-keys",
    "GET",
    summary="Your API keys, newest first (never their secrets)",
    query=Pagination,
    response=page_of(ApiKey),
)
def list_api_keys(ctx: RequestContext) -> dict[str, Any]:
    user_id = ctx.user.user_id
    return paged(
        ctx,
        lambda limit, cursor: ctx.services.api_keys.page(user_id, limit, cursor),
        ApiKey.from_entity,
    )


@router.route(
    "/v1/api-keys",
    "POST",
    summary="Create an API key (needs a fresh session); its secret is shown this once",
    status=201,
    body=ApiKeyRequest,
    response=ApiKeyCreated,
    errors=("reauth_required", "validation_error"),
)
def create_api_key(ctx: RequestContext) -> Reply:
    body: ApiKeyRequest = ctx.body
    issued = ctx.services.api_keys.create(
        ctx.principal, body.name, body.scopes, body.expires_at, ctx.client
    )
    return Reply(ApiKeyCreated.issued(issued), 201)


@router.route(
    "/v1/api-keys/{key_id}",
    "DELETE",
    summary="Revoke an API key: it stops working at once",
    status=204,
    errors=("not_found",),
)
def revoke_api_key(ctx: RequestContext, key_id: str) -> Reply:
    ctx.services.api_keys.revoke(ctx.user.user_id, key_id, ctx.client)
    return Reply(status=204)
