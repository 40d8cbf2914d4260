"""API keys: listed, created from a fresh session (the secret shown once) and revoked.
No API key reaches these routes: a key cannot make or list keys."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.api.models import lazy
from chalicelib.api.request_context import Reply, RequestContext
from chalicelib.api.routing import Router, paged

if TYPE_CHECKING:
    from chalicelib.api.models import api_keys, base
else:
    api_keys, base = lazy("api_keys"), lazy("base")

router = Router(__name__, "api_keys")


@router.route(
    "/v1/api-keys",
    "GET",
    summary="Your API keys, newest first (never their secrets)",
    query=lambda: base.Pagination,
    response=lambda: base.page_of(api_keys.ApiKey),
)
def list_api_keys(ctx: RequestContext) -> dict[str, Any]:
    user_id = ctx.user.user_id
    return paged(
        ctx,
        lambda limit, cursor: ctx.services.api_keys.page(user_id, limit, cursor),
        api_keys.ApiKey.from_entity,
    )


@router.route(
    "/v1/api-keys",
    "POST",
    summary="Create an API key (needs a fresh session); its secret is shown this once",
    status=201,
    body=lambda: api_keys.ApiKeyRequest,
    response=lambda: api_keys.ApiKeyCreated,
    errors=("reauth_required", "validation_error"),
)
def create_api_key(ctx: RequestContext) -> Reply:
    body: api_keys.ApiKeyRequest = ctx.body
    issued = ctx.services.api_keys.create(
        ctx.principal, body.name, body.scopes, body.expires_at, ctx.client
    )
    return Reply(api_keys.ApiKeyCreated.issued(issued), 201)


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
