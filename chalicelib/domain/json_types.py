"""Opaque JSON: the only place the domain names `Any`. A value the domain stores or
passes on without looking inside (a provider's usage figures, a stored response body) is
a `JSONObject`; everything the domain reads is typed."""

from __future__ import annotations

from typing import Any, TypeAlias

JSONValue: TypeAlias = Any
JSONObject: TypeAlias = dict[str, JSONValue]
