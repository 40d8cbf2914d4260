"""The signed-in user's answer (`accounts.User`) as its JSON value, made without
pydantic: `GET /v1/me`, the request a client starts with, answers it as it is, so a cold
start that serves it imports no model. `User` stays the one model of the shape: the
schema of that answer in the OpenAPI document, and built from this value wherever a
model is wanted (`User.from_entity`: the other routes, the envelopes that carry a user);
tests check that the model validates it and dumps it unchanged."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.clock import isoformat

if TYPE_CHECKING:
    from chalicelib.domain import accounts_entities
    from chalicelib.services import Services


def user_json(user: accounts_entities.User, services: Services) -> dict[str, Any]:
    policy = services.accounts.policy_status(user, services.clock.now().date())
    deletion = None
    if user.deletion_request_id and user.deletion_scheduled_for:
        deletion = {
            "request_id": user.deletion_request_id,
            "scheduled_for": isoformat(user.deletion_scheduled_for),
        }
    return {
        "id": user.user_id,
        "email": user.email,
        "email_verified": user.email_verified,
        "name": user.name,
        "created_at": isoformat(user.created_at),
        "settings": dict(user.settings),  # as `UserSettings` validated them when stored
        "plan": user.plan,
        "role": user.role.value,
        "credits": {"available": user.credits_available, "held": user.credits_held},
        "restricted": user.restricted,
        "suspended": user.suspended,
        "policy": {
            "accepted_version": policy.accepted_version,
            "current_version": policy.current_version,
            "needs_acceptance": policy.needs_acceptance,
        },
        "deletion": deletion,
    }
