"""The bases of every API model and the few constrained types they share, plus the one
mapping from a Pydantic ValidationError to the 422 problem's `errors[{field, message}]`.

Request bodies are validated in strict mode from the JSON text (`"3"` is no integer, `1.0`
no integer, `"true"` no boolean); query strings in lax mode, with integers and booleans
converted only when written in ASCII (`int()` takes fullwidth and other scripts' digits).
Patterns are Rust regexes, where `\\d` is any script's digit: write `[0-9]`."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from enum import StrEnum
from functools import cache
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    Strict,
    ValidationError,
    WithJsonSchema,
    create_model,
    field_validator,
)

from chalicelib.clock import isoformat
from chalicelib.errors import FieldError


class RequestModel(BaseModel):
    """A request body: unknown fields answer 422 (`is not a known field`). An optional
    field is absent or of its type, never null (the document says so: `ApiSchema`)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)

    @field_validator("*", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("must not be null")
        return value


class QueryModel(BaseModel):
    """Query parameters (strings on the wire); parameters not declared are ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True, defer_build=True)


class ResponseModel(BaseModel):
    """A response body. Fields given (even as None) are sent; fields not given are not."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    def dump(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_unset=True)


# A list's model is made when its route is declared: `page_of(Session)` is the model
# `SessionPage` ({data, next_cursor}), `list_of(Session)` is `SessionList` ({data}).
# (Parametrizing a generic model, `Page[Session]`, builds its validator at once: made
# with `create_model`, the build is deferred like every other model's to its first use.)


@cache
def page_of(item: type[BaseModel]) -> type[ResponseModel]:
    """The list convention: a page of items and the cursor of the next one (or null)."""
    return create_model(
        f"{item.__name__}Page",
        __base__=ResponseModel,
        __doc__=f"A page of {item.__name__} and the cursor of the next page (or null).",
        data=(list[item], ...),  # type: ignore[valid-type]
        next_cursor=(str | None, ...),
    )


@cache
def list_of(item: type[BaseModel]) -> type[ResponseModel]:
    """A whole list, unpaged."""
    return create_model(
        f"{item.__name__}List",
        __base__=ResponseModel,
        __doc__=f"Every {item.__name__}.",
        data=(list[item], ...),  # type: ignore[valid-type]
    )


def listed(item: type[BaseModel], items: list[Any]) -> ResponseModel:
    """`{"data": items}` as `list_of(item)`."""
    return list_of(item).model_validate({"data": items})


# --- constrained types -------------------------------------------------------------

_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]+\.[^@\s]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# RFC 3339 date-time, zone required; ASCII digits only (\d and int() take any script's).
_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})"
)
_QUERY_INTEGER = re.compile(r"-?[0-9]{1,18}")


def _email(value: str) -> str:
    if not _EMAIL.fullmatch(value):
        raise ValueError("must be an email address")
    return value


def _iso_date(value: Any) -> Any:
    if not isinstance(value, str):
        return value  # the date validator reports the type
    try:
        if _DATE.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise ValueError("must be a date as YYYY-MM-DD")


def _rfc3339(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if _DATE_TIME.fullmatch(value):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
            parsed.astimezone(UTC)  # 0001-01-01T00:00:00+14:00 is year 0 in UTC
            return parsed
        except (ValueError, OverflowError):
            pass
    raise ValueError("must be an RFC 3339 time with a zone, from year 1 to 9999 in UTC")


def _query_int(value: Any) -> Any:
    if isinstance(value, str) and _QUERY_INTEGER.fullmatch(value):
        return int(value)
    return value


def _query_bool(value: Any) -> Any:
    return {"true": True, "false": False}.get(value, value) if isinstance(value, str) else value


Email = Annotated[
    str, Field(max_length=254, json_schema_extra={"format": "email"}), AfterValidator(_email)
]
IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Timestamp = Annotated[datetime, BeforeValidator(_rfc3339)]
# A stored time as the API writes it (`clock.isoformat`: UTC, seconds, `Z`).
Time = Annotated[
    datetime,
    PlainSerializer(isoformat, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}, mode="serialization"),
]
QueryInt = Annotated[int, Strict(), BeforeValidator(_query_int)]
QueryBool = Annotated[bool, Strict(), BeforeValidator(_query_bool)]


class Pagination(QueryModel):
    limit: QueryInt = Field(20, ge=1, le=100)
    cursor: str | None = None


def enum_values(enum: type[StrEnum]) -> str:
    return ", ".join(member.value for member in enum)


# --- ValidationError to field errors -----------------------------------------------

_TYPE_NAMES = {
    "string_type": "string",
    "int_type": "integer",
    "int_from_float": "integer",
    "int_parsing": "integer",
    "float_type": "number",
    "float_parsing": "number",
    "bool_type": "boolean",
    "bool_parsing": "boolean",
    "list_type": "array",
    "dict_type": "object",
    "model_type": "object",
    "model_attributes_type": "object",
    "none_required": "null",
    "date_type": "string",
    "datetime_type": "string",
}


def field_name(loc: tuple[int | str, ...], root: str = "body") -> str:
    name = ""
    for part in loc:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += f".{part}" if name else part
    return name or root


def _message(error: Any) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "is not a known field"
    if kind in _TYPE_NAMES:
        return f"must be of type {_TYPE_NAMES[kind]}"
    if kind in ("enum", "literal_error"):
        return "must be one of: " + ", ".join(re.findall(r"'([^']*)'", str(ctx["expected"])))
    if kind == "greater_than_equal":
        return f"must be >= {ctx['ge']}"
    if kind == "less_than_equal":
        return f"must be <= {ctx['le']}"
    if kind == "greater_than":
        return f"must be > {ctx['gt']}"
    if kind == "less_than":
        return f"must be < {ctx['lt']}"
    if kind == "string_too_short":
        return f"must have at least {ctx['min_length']} characters"
    if kind == "string_too_long":
        return f"must have at most {ctx['max_length']} characters"
    if kind == "string_pattern_mismatch":
        return "has an invalid format"
    if kind == "too_short":
        return f"must have at least {ctx['min_length']} items"
    if kind == "too_long":
        return f"must have at most {ctx['max_length']} items"
    if kind == "value_error":
        return str(ctx["error"])
    if kind.startswith("date"):
        return "must be a date as YYYY-MM-DD"
    return "is not valid"


def field_errors(error: ValidationError, root: str = "body") -> list[FieldError]:
    return [
        FieldError(field_name(tuple(e["loc"]), root), _message(e))
        for e in error.errors(include_url=False, include_input=False)
    ]
