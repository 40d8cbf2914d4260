"""When a workflow may be saved: unique variable names, enum options and defaults that
fit, `{{variable}}` placeholders naming text or enum variables only, each step's
parameters (its preset's defaults applied) valid for its model and the user's plan, and
each edit step reading an earlier step or an image variable. Every problem is reported
on its own field (`steps[1].params.size`)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from chalicelib.domain.catalogue import Entitlements
from chalicelib.domain.image_models import (
    MAX_PROMPT_CHARS,
    MODELS,
    GenerationParams,
    validate_params,
)
from chalicelib.domain.presets import PRESETS
from chalicelib.domain.workflow_entities import (
    EACH,
    MAX_STEPS,
    Definition,
    Step,
    StepKind,
    Variable,
    VariableType,
)
from chalicelib.errors import FieldError, InvalidInput

PLACEHOLDER = re.compile(r"\{\{([a-z_][a-z0-9_]{0,31})\}\}")
MAX_OPTIONS = 20
NO_INPUT_PARAMS = ("input_images", "mask")  # an edit step's image comes from `input`


def placeholders(prompt: str) -> list[str]:
    return PLACEHOLDER.findall(prompt)


def step_params(step: Step) -> GenerationParams:
    """The step's parameters: its own, then its preset's, then the defaults."""
    given: Mapping[str, object] = step.params
    if step.preset_id is not None and step.preset_id in PRESETS:
        given = PRESETS[step.preset_id].with_defaults(step.params)
    return GenerationParams.from_dict(given)


def _variable_errors(index: int, variable: Variable) -> list[FieldError]:
    where = f"variables[{index}]"
    errors = []
    if variable.type == VariableType.enum:
        options = variable.options or ()
        if not options:
            errors.append(FieldError(f"{where}.options", "an enum variable needs options"))
        elif len(set(options)) != len(options):
            errors.append(FieldError(f"{where}.options", "must not repeat a value"))
        if variable.default is not None and variable.default not in options:
            errors.append(FieldError(f"{where}.default", "must be one of the options"))
    elif variable.options is not None:
        errors.append(FieldError(f"{where}.options", "applies to enum variables only"))
    if variable.type == VariableType.image:
        if variable.default is not None:
            errors.append(FieldError(f"{where}.default", "an image variable has no default"))
        if variable.max_length is not None:
            errors.append(FieldError(f"{where}.max_length", "applies to text variables only"))
    limit = variable.max_length
    if variable.default is not None and limit is not None and len(variable.default) > limit:
        errors.append(FieldError(f"{where}.default", f"must have at most {limit} characters"))
    return errors


def _prompt_errors(where: str, prompt: str, variables: Mapping[str, Variable]) -> list[FieldError]:
    errors = []
    for name in placeholders(prompt):
        found = variables.get(name)
        if found is None:
            errors.append(FieldError(where, f"{{{{{name}}}}} is not a variable"))
        elif found.type == VariableType.image:
            errors.append(FieldError(where, f"{{{{{name}}}}} is an image variable"))
    rest = PLACEHOLDER.sub("", prompt)
    if "{{" in rest or "}}" in rest:
        errors.append(FieldError(where, "only {{variable}} placeholders are allowed"))
    return errors


def _params_errors(where: str, step: Step, plan: Entitlements) -> list[FieldError]:
    errors = [
        FieldError(f"{where}.params.{name}", "comes from the step's input")
        for name in NO_INPUT_PARAMS
        if step.params.get(name)
    ]
    if step.preset_id is not None and step.preset_id not in PRESETS:
        errors.append(FieldError(f"{where}.preset_id", "must be one of: " + ", ".join(PRESETS)))
        return errors
    params = step_params(step)
    try:
        validate_params(params, plan)
    except InvalidInput as invalid:
        errors += [FieldError(f"{where}.params.{e.field}", e.message) for e in invalid.errors]
    if step.kind == StepKind.edit and not MODELS[params.model].supports_edit:
        errors.append(FieldError(f"{where}.params.model", f"{params.model} does not edit images"))
    return errors


def _input_errors(
    where: str, step: Step, earlier: Mapping[str, Step], variables: Mapping[str, Variable]
) -> list[FieldError]:
    given = step.input
    if step.kind == StepKind.generate:
        return [FieldError(f"{where}.input", "a generate step has no input")] if given else []
    if given is None:
        return [FieldError(f"{where}.input", "an edit step needs an input")]
    if given.variable is not None:
        found = variables.get(given.variable)
        if found is None or found.type != VariableType.image:
            return [FieldError(f"{where}.input.variable", "must name an image variable")]
        return []
    source = earlier.get(given.step or "")
    if source is None:
        return [FieldError(f"{where}.input.step", "must name an earlier step")]
    count = step_params(source).n
    if given.index != EACH and not (isinstance(given.index, int) and 0 <= given.index < count):
        return [FieldError(f"{where}.input.index", f'must be "each" or from 0 to {count - 1}')]
    return []


def _step_errors(
    index: int,
    step: Step,
    earlier: Mapping[str, Step],
    variables: Mapping[str, Variable],
    plan: Entitlements,
) -> list[FieldError]:
    where = f"steps[{index}]"
    errors = []
    if step.id in earlier:
        errors.append(FieldError(f"{where}.id", "must not repeat a step id"))
    errors += _prompt_errors(f"{where}.prompt", step.prompt, variables)
    if len(step.prompt) > MAX_PROMPT_CHARS:
        errors.append(FieldError(f"{where}.prompt", f"at most {MAX_PROMPT_CHARS} characters"))
    errors += _params_errors(where, step, plan)
    errors += _input_errors(where, step, earlier, variables)
    return errors


def check_definition(definition: Definition, plan: Entitlements) -> Definition:
    """`definition` if it may be saved, else InvalidInput with every problem."""
    errors: list[FieldError] = []
    variables: dict[str, Variable] = {}
    for index, variable in enumerate(definition.variables):
        if variable.name in variables:
            errors.append(FieldError(f"variables[{index}].name", "must not repeat a name"))
        variables[variable.name] = variable
        errors += _variable_errors(index, variable)
    if not 1 <= len(definition.steps) <= MAX_STEPS:
        errors.append(FieldError("steps", f"must have 1 to {MAX_STEPS} steps"))
    earlier: dict[str, Step] = {}
    for index, step in enumerate(definition.steps):
        errors += _step_errors(index, step, earlier, variables, plan)
        earlier.setdefault(step.id, step)
    if errors:
        raise InvalidInput(errors)
    return definition
