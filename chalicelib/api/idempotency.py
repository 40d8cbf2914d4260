"""Applies the Idempotency-Key header to a route's action."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib.api.request_context import Reply, RequestContext
from chalicelib.domain.idempotency import (
    HEADER,
    check_key,
    record_key,
    request_hash,
    run_idempotent,
)

REPLAY_HEADER = "Idempotent-Replayed"


def idempotent(ctx: RequestContext, scope: str, action: Callable[[], tuple[int, Any]]) -> Reply:
    """Run `action` (returning status and body) at most once per user, scope and key."""
    key = check_key(ctx.header(HEADER))
    if key is None:
        status, body = action()
        return Reply(body=body, status=status)
    user_id = ctx.user.user_id
    response, replayed = run_idempotent(
        ctx.services.idempotency_store,
        record_key(user_id, scope, key),
        user_id,
        request_hash(ctx.request.method, ctx.spec.path, ctx.json),
        ctx.services.clock.now(),
        action,
    )
    headers: dict[str, str | list[str]] = {REPLAY_HEADER: "true"} if replayed else {}
    return Reply(body=response.body, status=response.status, headers=headers)
