"""Request bodies and query parameters are described by JSON Schema dicts: the same dict
validates the input and documents it in the OpenAPI document. This validator implements
the subset we use (no dependency to import on cold start). Before any schema applies,
`parse_json` and `text_problems` refuse what no route could store or send on: JSON
beyond RFC 8259 (NaN, Infinity), bodies nested deeper than DynamoDB's 32 levels, and
strings holding a lone UTF-16 surrogate."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from typing import Any

from chalicelib.errors import FieldError, InvalidJson

Schema = dict[str, Any]

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]+\.[^@\s]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# RFC 3339 date-time, zone required; ASCII digits only (\d and int() take any script's).
_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})"
)
_QUERY_INTEGER = re.compile(r"-?[0-9]{1,18}")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_DEPTH = 32  # DynamoDB's limit for nested attributes; far beyond any body we accept


def _type_ok(value: Any, type_name: str) -> bool:
    if type_name in ("integer", "number") and isinstance(value, bool):
        return False
    return isinstance(value, _TYPES[type_name])


def _is_date_time(value: str) -> bool:
    if not _DATE_TIME.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value).astimezone(UTC)
    except (ValueError, OverflowError):  # overflow: 0001-01-01T00:00:00+14:00 is year 0 in UTC
        return False
    return True


def _check_format(value: str, fmt: str) -> str | None:
    if fmt == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            return "must be a date as YYYY-MM-DD"
        if not _DATE.fullmatch(value):
            return "must be a date as YYYY-MM-DD"
    if fmt == "date-time" and not _is_date_time(value):
        return "must be an RFC 3339 time with a zone, from year 1 to 9999 in UTC"
    if fmt == "email" and not _EMAIL.fullmatch(value):
        return "must be an email address"
    return None


def _validate(value: Any, schema: Schema, path: str, errors: list[FieldError]) -> None:
    types = schema.get("type")
    if types is not None:
        names = [types] if isinstance(types, str) else list(types)
        if not any(_type_ok(value, name) for name in names):
            errors.append(FieldError(path or "body", f"must be of type {' or '.join(names)}"))
            return
    if "enum" in schema and value not in schema["enum"]:
        allowed = ", ".join(str(v) for v in schema["enum"])
        errors.append(FieldError(path or "body", f"must be one of: {allowed}"))
        return
    if isinstance(value, str):
        _validate_string(value, schema, path, errors)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append(FieldError(path, f"must be >= {schema['minimum']}"))
        if "maximum" in schema and value > schema["maximum"]:
            errors.append(FieldError(path, f"must be <= {schema['maximum']}"))
    elif isinstance(value, list):
        _validate_array(value, schema, path, errors)
    elif isinstance(value, dict):
        _validate_object(value, schema, path, errors)


def _validate_string(value: str, schema: Schema, path: str, errors: list[FieldError]) -> None:
    if "minLength" in schema and len(value) < schema["minLength"]:
        errors.append(FieldError(path, f"must have at least {schema['minLength']} characters"))
    elif "maxLength" in schema and len(value) > schema["maxLength"]:
        errors.append(FieldError(path, f"must have at most {schema['maxLength']} characters"))
    elif "pattern" in schema and not re.search(schema["pattern"], value, re.ASCII):
        errors.append(FieldError(path, "has an invalid format"))
    elif "format" in schema:
        problem = _check_format(value, schema["format"])
        if problem:
            errors.append(FieldError(path, problem))


def _validate_array(value: list[Any], schema: Schema, path: str, errors: list[FieldError]) -> None:
    if "minItems" in schema and len(value) < schema["minItems"]:
        errors.append(FieldError(path, f"must have at least {schema['minItems']} items"))
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        errors.append(FieldError(path, f"must have at most {schema['maxItems']} items"))
        return
    item_schema = schema.get("items")
    if item_schema:
        for index, item in enumerate(value):
            _validate(item, item_schema, f"{path}[{index}]", errors)


def _validate_object(
    value: dict[str, Any], schema: Schema, path: str, errors: list[FieldError]
) -> None:
    properties: dict[str, Schema] = schema.get("properties", {})
    prefix = f"{path}." if path else ""
    for name in schema.get("required", []):
        if name not in value:
            errors.append(FieldError(f"{prefix}{name}", "is required"))
    extra = schema.get("additionalProperties", True)
    for name, item in value.items():
        if name in properties:
            _validate(item, properties[name], f"{prefix}{name}", errors)
        elif extra is False:
            errors.append(FieldError(f"{prefix}{name}", "is not a known field"))
        elif isinstance(extra, dict):
            _validate(item, extra, f"{prefix}{name}", errors)
    if "maxProperties" in schema and len(value) > schema["maxProperties"]:
        errors.append(FieldError(path or "body", f"at most {schema['maxProperties']} entries"))


def validate(value: Any, schema: Schema) -> list[FieldError]:
    errors: list[FieldError] = []
    _validate(value, schema, "", errors)
    return errors


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_json(raw: bytes) -> Any:
    """The body as RFC 8259 JSON (no NaN or Infinity), nested at most MAX_DEPTH levels;
    InvalidJson otherwise. Deeper nesting is refused before anything recurses into it."""
    try:
        data = json.loads(raw, parse_constant=_reject_constant)
    except RecursionError as exc:
        raise InvalidJson(f"The request body is nested deeper than {MAX_DEPTH} levels.") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidJson("The request body is not valid JSON.") from exc
    pending: list[tuple[Any, int]] = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, (dict, list)):
            if depth > MAX_DEPTH:
                raise InvalidJson(f"The request body is nested deeper than {MAX_DEPTH} levels.")
            children = value.values() if isinstance(value, dict) else value
            pending.extend((child, depth + 1) for child in children)
    return data


def text_problems(value: Any, path: str = "") -> list[FieldError]:
    """Every string and field name holding a lone UTF-16 surrogate (JSON "\\ud800"): no
    UTF-8 store, log, email or provider can encode one. Walks without recursion."""
    errors: list[FieldError] = []
    pending: list[tuple[Any, str]] = [(value, path)]
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


def _query_value(raw: str, schema: Schema) -> Any:
    """A query string as the type its schema declares, when it is written as one."""
    if schema.get("type") == "integer" and _QUERY_INTEGER.fullmatch(raw):
        return int(raw)
    if schema.get("type") == "boolean" and raw in ("true", "false"):
        return raw == "true"
    return raw


def validate_query(name: str, raw: str, schema: Schema) -> list[FieldError]:
    """A query parameter against its declared schema (integers in ASCII digits only:
    str.isdigit() takes "²", int() takes fullwidth digits)."""
    errors = text_problems(raw, name)
    if not errors:
        _validate(_query_value(raw, schema), schema, name, errors)
    return errors


def obj(properties: dict[str, Schema], required: tuple[str, ...] = (), **extra: Any) -> Schema:
    """A closed object schema (unknown fields answer 422)."""
    schema: Schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    schema.update(extra)
    return schema
