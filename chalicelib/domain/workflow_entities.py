"""Saved workflows: variables and up to 4 generate/edit steps, versioned. The rules a
workflow must keep to be saved are in `workflow_rules`, the service in `workflows`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from chalicelib.domain.json_types import JSONObject, JSONValue

MAX_STEPS = 4
EACH = "each"


class VariableType(StrEnum):
    text = "text"
    enum = "enum"
    image = "image"


class StepKind(StrEnum):
    generate = "generate"
    edit = "edit"


@dataclass(frozen=True, slots=True, kw_only=True)
class Variable:
    name: str
    type: VariableType
    required: bool = True
    default: str | None = None
    options: tuple[str, ...] | None = None
    max_length: int | None = None

    def as_dict(self) -> JSONObject:
        out: JSONObject = {"name": self.name, "type": self.type.value, "required": self.required}
        if self.default is not None:
            out["default"] = self.default
        if self.options is not None:
            out["options"] = list(self.options)
        if self.max_length is not None:
            out["max_length"] = self.max_length
        return out

    @classmethod
    def from_dict(cls, stored: Mapping[str, JSONValue]) -> Variable:
        options = stored.get("options")
        return cls(
            name=str(stored["name"]),
            type=VariableType(stored["type"]),
            required=bool(stored.get("required", True)),
            default=stored.get("default"),
            options=tuple(options) if options is not None else None,
            max_length=stored.get("max_length"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class StepInput:
    """An edit step's image: outputs of an earlier step (`index` n, or "each" for one
    edit per output), or an image variable."""

    step: str | None = None
    index: int | str | None = None
    variable: str | None = None

    def as_dict(self) -> JSONObject:
        if self.variable is not None:
            return {"variable": self.variable}
        return {"step": self.step, "index": self.index}

    @classmethod
    def from_dict(cls, stored: Mapping[str, JSONValue]) -> StepInput:
        return cls(
            step=stored.get("step"), index=stored.get("index"), variable=stored.get("variable")
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    id: str
    kind: StepKind
    prompt: str
    params: Mapping[str, JSONValue]  # generation fields as given (JSON form)
    preset_id: str | None = None
    input: StepInput | None = None

    def as_dict(self) -> JSONObject:
        out: JSONObject = {
            "id": self.id,
            "kind": self.kind.value,
            "prompt": self.prompt,
            "params": dict(self.params),
        }
        if self.preset_id is not None:
            out["preset_id"] = self.preset_id
        if self.input is not None:
            out["input"] = self.input.as_dict()
        return out

    @classmethod
    def from_dict(cls, stored: Mapping[str, JSONValue]) -> Step:
        given = stored.get("input")
        return cls(
            id=str(stored["id"]),
            kind=StepKind(stored["kind"]),
            prompt=str(stored["prompt"]),
            params=dict(stored.get("params") or {}),
            preset_id=stored.get("preset_id"),
            input=StepInput.from_dict(given) if given is not None else None,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Definition:
    """What a person writes: the part of a workflow a PATCH may change."""

    name: str
    description: str
    variables: tuple[Variable, ...]
    steps: tuple[Step, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Workflow:
    user_id: str
    workflow_id: str
    version: int
    definition: Definition
    created_at: datetime
    updated_at: datetime
