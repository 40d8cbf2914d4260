"""Domain records to the JSON shapes of API.md."""

from __future__ import annotations

from typing import Any

from chalicelib.api.schema import Schema
from chalicelib.clock import isoformat
from chalicelib.services import Services

USER_SCHEMA: Schema = {
    "type": "object",
    "required": [
        "id",
        "email",
        "email_verified",
        "name",
        "created_at",
        "settings",
        "plan",
        "credits",
        "restricted",
        "suspended",
        "policy",
        "deletion",
    ],
    "properties": {
        "id": {"type": "string", "examples": ["usr_01jd4x0000abcdefghjkmnpqrs"]},
        "email": {"type": "string", "format": "email"},
        "email_verified": {"type": "boolean"},
        "name": {"type": "string"},
        "created_at": {"type": "string", "format": "date-time"},
        "settings": {"type": "object"},
        "plan": {"type": "string"},
        "role": {"type": "string"},
        "credits": {
            "type": "object",
            "properties": {"available": {"type": "integer"}, "held": {"type": "integer"}},
        },
        "restricted": {"type": "boolean"},
        "suspended": {"type": "boolean"},
        "policy": {
            "type": "object",
            "properties": {
                "accepted_version": {"type": "string"},
                "current_version": {"type": "string"},
                "needs_acceptance": {"type": "boolean"},
            },
        },
        "deletion": {
            "type": ["object", "null"],
            "properties": {
                "request_id": {"type": "string"},
                "scheduled_for": {"type": "string", "format": "date-time"},
            },
        },
    },
}


def present_user(user: Any, services: Services) -> dict[str, Any]:
    today = services.clock.now().date()
    deletion = None
    if user.deletion_request_id:
        deletion = {
            "request_id": user.deletion_request_id,
            "scheduled_for": isoformat(user.deletion_scheduled_for),
        }
    return {
        "id": user.user_id,
        "email": user.email,
        "email_verified": bool(user.email_verified),
        "name": user.name,
        "created_at": isoformat(user.created_at),
        "settings": user.settings or {},
        "plan": user.plan,
        "role": user.role,
        "credits": {"available": int(user.credits_available), "held": int(user.credits_held)},
        "restricted": bool(user.restricted),
        "suspended": bool(user.suspended),
        "policy": services.accounts.policy_status(user, today),
        "deletion": deletion,
    }


SESSION_SCHEMA: Schema = {
    "type": "object",
    "properties": {
        "id": {"type": "string"},
        "created_at": {"type": "string", "format": "date-time"},
        "last_seen_at": {"type": "string", "format": "date-time"},
        "user_agent": {"type": "string"},
        "ip_prefix": {"type": "string"},
        "current": {"type": "boolean"},
    },
}


def present_session(session: Any, current_id: str) -> dict[str, Any]:
    return {
        "id": session.session_id,
        "created_at": isoformat(session.created_at),
        "last_seen_at": isoformat(session.last_seen_at),
        "user_agent": session.user_agent,
        "ip_prefix": session.ip_prefix,
        "current": session.session_id == current_id,
    }


SECURITY_EVENT_SCHEMA: Schema = {
    "type": "object",
    "properties": {
        "id": {"type": "string"},
        "type": {"type": "string"},
        "created_at": {"type": "string", "format": "date-time"},
        "ip_prefix": {"type": "string"},
        "user_agent": {"type": "string"},
    },
}


def present_security_event(event: Any) -> dict[str, Any]:
    return {
        "id": event.event_id,
        "type": event.type,
        "created_at": isoformat(event.created_at),
        "ip_prefix": event.ip_prefix,
        "user_agent": event.user_agent,
    }
