"""Request bodies are described by JSON Schema dicts: the same dict validates the input
and documents it in the OpenAPI document. This validator implements the subset we use
(no dependency to import on cold start)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from chalicelib.errors import FieldError

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
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")


def _type_ok(value: Any, type_name: str) -> bool:
    if type_name in ("integer", "number") and isinstance(value, bool):
        return False
    return isinstance(value, _TYPES[type_name])


def _check_format(value: str, fmt: str) -> str | None:
    if fmt == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            return "must be a date as YYYY-MM-DD"
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return "must be a date as YYYY-MM-DD"
    if fmt == "email" and not _EMAIL.match(value):
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
    elif "pattern" in schema and not re.search(schema["pattern"], value):
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


def obj(properties: dict[str, Schema], required: tuple[str, ...] = (), **extra: Any) -> Schema:
    """A closed object schema (unknown fields answer 422)."""
    schema: Schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    schema.update(extra)
    return schema
