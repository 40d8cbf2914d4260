"""Shared PynamoDB settings: table names and region come from Settings."""

from __future__ import annotations

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


def connection() -> Connection:
    return Connection(region=region())


__all__ = ["BaseMeta", "Model", "connection", "table_name"]
