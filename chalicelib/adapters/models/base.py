"""Shared PynamoDB settings: table names and region come from Settings."""

from __future__ import annotations

from functools import cache
from typing import Any

from pynamodb.connection import Connection
from pynamodb.models import Model

from chalicelib.config import get_settings


def table_name(short_name: str) -> str:
    return get_settings().table_name(short_name)


def region() -> str:
    return get_settings().region


class BaseMeta:
    """Each model's Meta subclasses this and sets `table_name`."""

    region = region()
    billing_mode = "PAY_PER_REQUEST"


def field_actions(model: type[Model], fields: dict[str, Any]) -> list[Any]:
    """Update actions setting each named attribute (None removes it)."""
    actions = []
    for name, value in fields.items():
        attribute = getattr(model, name)
        actions.append(attribute.remove() if value is None else attribute.set(value))
    return actions


@cache
def connection() -> Connection:
    """The connection transactions use, made once like each model's own: a new one means
    a new botocore client, whose creation costs more than the call it makes (and every
    authenticated request makes one, reading its session and user)."""
    return Connection(region=region())


__all__ = ["BaseMeta", "Model", "connection", "field_actions", "table_name"]
