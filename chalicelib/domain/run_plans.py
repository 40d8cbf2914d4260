"""A workflow run's plan: the inputs checked against the variables, the matrix expanded
as a Cartesian product (at most 10 expansions, 40 generations in all), and for each
expansion and step the prompt (variables filled in, the preset's template around it),
the parameters, how many generations it makes and their price. The quote of a run is
its plan's total; the submission holds exactly that."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from chalicelib.domain.image_models import MAX_PROMPT_CHARS, GenerationParams
from chalicelib.domain.json_types import JSONValue
from chalicelib.domain.presets import PRESETS
from chalicelib.domain.pricing import quote
from chalicelib.domain.workflow_entities import EACH, Definition, Step, StepKind, VariableType
from chalicelib.domain.workflow_rules import PLACEHOLDER, step_params
from chalicelib.errors import FieldError, InvalidInput

MAX_EXPANSIONS = 10
MAX_GENERATIONS = 40
UPLOAD_ID = re.compile(r"upl_[0-9a-z]{26}")


@dataclass(frozen=True, slots=True)
class PlannedStep:
    step_id: str
    prompt: str
    params: GenerationParams
    generations: int
    credits_each: int

    @property
    def credits(self) -> int:
        return self.generations * self.credits_each


@dataclass(frozen=True, slots=True)
class Expansion:
    inputs: Mapping[str, JSONValue]
    steps: tuple[PlannedStep, ...]


@dataclass(frozen=True, slots=True)
class RunPlan:
    expansions: tuple[Expansion, ...]

    @property
    def generations(self) -> int:
        return sum(s.generations for e in self.expansions for s in e.steps)

    @property
    def credits(self) -> int:
        return sum(s.credits for e in self.expansions for s in e.steps)


def _value_errors(
    where: str, value: JSONValue, definition: Definition, name: str
) -> list[FieldError]:
    variable = next((v for v in definition.variables if v.name == name), None)
    if variable is None:
        return [FieldError(where, "is not a variable of the workflow")]
    if variable.type == VariableType.image:
        # {generation_id, index} is checked by the API's model; a string is an upload id.
        if isinstance(value, str) and not UPLOAD_ID.fullmatch(value):
            return [FieldError(where, "must be an upload id or {generation_id, index}")]
        return []
    if not isinstance(value, str):
        return [FieldError(where, "must be a string")]
    if variable.options is not None and value not in variable.options:
        return [FieldError(where, "must be one of: " + ", ".join(variable.options))]
    if variable.max_length is not None and len(value) > variable.max_length:
        return [FieldError(where, f"must have at most {variable.max_length} characters")]
    return []


def _check_values(
    definition: Definition, inputs: Mapping[str, JSONValue], matrix: Mapping[str, Sequence[str]]
) -> None:
    errors = [e for k, v in inputs.items() for e in _value_errors(f"inputs.{k}", v, definition, k)]
    types = {v.name: v.type for v in definition.variables}
    for name, values in matrix.items():
        if name in inputs:
            errors.append(FieldError(f"matrix.{name}", "is also given in inputs"))
        elif types.get(name) == VariableType.image:
            errors.append(FieldError(f"matrix.{name}", "an image variable is not a matrix axis"))
        for value in values:
            errors += _value_errors(f"matrix.{name}", value, definition, name)
    for variable in definition.variables:
        given = variable.name in inputs or variable.name in matrix
        if variable.required and variable.default is None and not given:
            errors.append(FieldError(f"inputs.{variable.name}", "is required"))
    if errors:
        raise InvalidInput(errors)


def expansions_of(
    definition: Definition, inputs: Mapping[str, JSONValue], matrix: Mapping[str, Sequence[str]]
) -> list[dict[str, JSONValue]]:
    """Every combination of the matrix's values, each with the inputs and defaults."""
    _check_values(definition, inputs, matrix)
    axes = list(matrix.items())
    count = 1
    for _, values in axes:
        count *= len(values)
    if count > MAX_EXPANSIONS:
        raise InvalidInput([FieldError("matrix", f"expands to {count} runs; at most 10")])
    defaults = {v.name: v.default for v in definition.variables if v.default is not None}
    return [
        {**defaults, **inputs, **dict(zip((n for n, _ in axes), combo, strict=True))}
        for combo in itertools.product(*(values for _, values in axes))
    ]


def fill(step: Step, values: Mapping[str, JSONValue]) -> str:
    """The step's prompt with its variables filled in and its preset's template around it."""
    prompt = PLACEHOLDER.sub(lambda m: str(values.get(m[1], "")), step.prompt)
    if step.preset_id is not None:
        prompt = PRESETS[step.preset_id].wrap(prompt, f"steps.{step.id}.prompt")
    if not prompt.strip() or len(prompt) > MAX_PROMPT_CHARS:
        message = f"must have 1 to {MAX_PROMPT_CHARS} characters once filled in"
        raise InvalidInput([FieldError(f"steps.{step.id}.prompt", message)])
    return prompt


def generations_per_step(definition: Definition) -> dict[str, int]:
    """How many generations each step makes in one expansion: one, or one per output
    (`"each"`) or per generation (an index) of the step it edits."""
    counts: dict[str, int] = {}
    for step in definition.steps:
        source = step.input.step if step.input is not None else None
        if step.kind == StepKind.generate or source is None:
            counts[step.id] = 1
            continue
        made = counts[source]
        if step.input is not None and step.input.index == EACH:
            made *= step_params(next(s for s in definition.steps if s.id == source)).n
        counts[step.id] = made
    return counts


def plan_run(
    definition: Definition,
    inputs: Mapping[str, JSONValue],
    matrix: Mapping[str, Sequence[str]],
    margin: float,
) -> RunPlan:
    counts = generations_per_step(definition)
    expansions = []
    for values in expansions_of(definition, inputs, matrix):
        planned = []
        for step in definition.steps:
            prompt, params = fill(step, values), step_params(step)
            edits = int(step.kind == StepKind.edit)
            each = quote(params, prompt, margin, more_inputs=edits).credits
            planned.append(PlannedStep(step.id, prompt, params, counts[step.id], each))
        expansions.append(Expansion(values, tuple(planned)))
    plan = RunPlan(tuple(expansions))
    if plan.generations > MAX_GENERATIONS:
        message = f"makes {plan.generations} generations; at most {MAX_GENERATIONS}"
        raise InvalidInput([FieldError("matrix", message)])
    return plan
