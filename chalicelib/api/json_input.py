"""What no route could store or send on is refused before any model applies: JSON beyond
RFC 8259 (NaN, Infinity), bodies nested deeper than DynamoDB's 32 levels, and strings
holding a lone UTF-16 surrogate (which no UTF-8 store, log, email or provider can
encode). The route's Pydantic model validates the rest."""

from __future__ import annotations

import json
import re

from chalicelib.domain.json_types import JSONValue
from chalicelib.errors import FieldError, InvalidJson

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_DEPTH = 32  # DynamoDB's limit for nested attributes; far beyond any body we accept


def _reject_constant(name: str) -> JSONValue:
    raise ValueError(f"{name} is not JSON")


def parse_json(raw: bytes) -> JSONValue:
    """The body as RFC 8259 JSON (no NaN or Infinity), nested at most MAX_DEPTH levels;
    InvalidJson otherwise. Deeper nesting is refused before anything recurses into it."""
    try:
        data = json.loads(raw, parse_constant=_reject_constant)
    except RecursionError as exc:
        raise InvalidJson(f"The request body is nested deeper than {MAX_DEPTH} levels.") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidJson("The request body is not valid JSON.") from exc
    pending: list[tuple[JSONValue, int]] = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, (dict, list)):
            if depth > MAX_DEPTH:
                raise InvalidJson(f"The request body is nested deeper than {MAX_DEPTH} levels.")
            children = value.values() if isinstance(value, dict) else value
            pending.extend((child, depth + 1) for child in children)
    return data


def text_problems(value: JSONValue, path: str = "") -> list[FieldError]:
    """Every string and field name holding a lone UTF-16 surrogate (JSON "\\ud800").
    Walks without recursion."""
    errors: list[FieldError] = []
    pending: list[tuple[JSONValue, str]] = [(value, path)]
    while pending:
        item, where = pending.pop()
        if isinstance(item, str):
            if _LONE_SURROGATE.search(item):
                errors.append(FieldError(where or "body", "must not hold a lone UTF-16 surrogate"))
        elif isinstance(item, list):
            pending.extend((child, f"{where}[{i}]") for i, child in enumerate(item))
        elif isinstance(item, dict):
            prefix = f"{where}." if where else ""
            for name, child in item.items():
                if _LONE_SURROGATE.search(name):
                    message = "has a field name holding a lone UTF-16 surrogate"
                    errors.append(FieldError(where or "body", message))
                else:
                    pending.append((child, f"{prefix}{name}"))
    return sorted(errors, key=lambda e: e.field)
