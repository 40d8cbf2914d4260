"""Presets and workflows: /v1/presets, /v1/workflows*."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal, get_type_hints

from pydantic import Field, create_model

from chalicelib.api.models.base import RequestModel, ResponseModel, Time
from chalicelib.api.models.generations import GenerationParameters
from chalicelib.domain.image_models import MAX_PROMPT_CHARS, GenerationParams
from chalicelib.domain.presets import Preset as PresetEntity
from chalicelib.domain.run_plans import RunPlan
from chalicelib.domain.workflow_entities import (
    MAX_STEPS,
    Definition,
    Step,
    StepInput,
    StepKind,
    Variable,
    VariableType,
)
from chalicelib.domain.workflow_entities import (
    Workflow as WorkflowEntity,
)
from chalicelib.domain.workflow_rules import MAX_OPTIONS

if TYPE_CHECKING:  # a model made at run time is no type to mypy
    StepParams = RequestModel
    GivenParameters = ResponseModel
else:
    StepParams = GenerationParameters
    GivenParameters = create_model(
        "GivenParameters",
        __base__=ResponseModel,
        __doc__="Generation parameters as given (a preset's defaults, a step's own).",
        **{name: (hint | None, None) for name, hint in get_type_hints(GenerationParams).items()},
    )

Name = Annotated[str, Field(pattern=r"^[a-z_][a-z0-9_]{0,31}$", examples=["subject"])]
StepId = Annotated[str, Field(pattern=r"^[a-z_][a-z0-9_]{0,31}$", examples=["base"])]
Value = Annotated[str, Field(min_length=1, max_length=1000)]


class Preset(ResponseModel):
    id: str = Field(examples=["watercolor"])
    name: str
    description: str
    prompt_template: str = Field(examples=["A watercolor painting of {prompt}"])
    params: GivenParameters

    @classmethod
    def of(cls, preset: PresetEntity) -> Preset:
        return cls(
            id=preset.id,
            name=preset.name,
            description=preset.description,
            prompt_template=preset.prompt_template,
            params=GivenParameters.model_validate(preset.params),
        )


class VariableIn(RequestModel):
    name: Name
    type: VariableType
    required: bool = True
    default: Value | None = None
    options: Annotated[list[Value], Field(min_length=1, max_length=MAX_OPTIONS)] | None = None
    max_length: Annotated[int, Field(ge=1, le=MAX_PROMPT_CHARS)] | None = None

    def entity(self) -> Variable:
        return Variable(
            name=self.name,
            type=self.type,
            required=self.required,
            default=self.default,
            options=tuple(self.options) if self.options is not None else None,
            max_length=self.max_length,
        )


class StepOutputInput(RequestModel):
    step: StepId
    index: Annotated[int, Field(ge=0, le=9)] | Literal["each"]


class VariableInput(RequestModel):
    variable: Name


class StepIn(RequestModel):
    id: StepId
    kind: StepKind
    prompt: str = Field(min_length=1, max_length=MAX_PROMPT_CHARS)
    params: StepParams = Field(default_factory=StepParams)
    preset_id: str | None = Field(default=None, max_length=64)
    input: StepOutputInput | VariableInput | None = None

    def entity(self) -> Step:
        given = self.input
        step_input = None
        if isinstance(given, VariableInput):
            step_input = StepInput(variable=given.variable)
        elif given is not None:
            step_input = StepInput(step=given.step, index=given.index)
        return Step(
            id=self.id,
            kind=self.kind,
            prompt=self.prompt,
            params=self.params.model_dump(mode="json", exclude_none=True),
            preset_id=self.preset_id,
            input=step_input,
        )


Variables = Annotated[list[VariableIn], Field(max_length=20)]
Steps = Annotated[list[StepIn], Field(min_length=1, max_length=MAX_STEPS)]
Text = Annotated[str, Field(min_length=1, max_length=200)]
Description = Annotated[str, Field(max_length=2000)]


class WorkflowRequest(RequestModel):
    name: Text
    description: Description = ""
    variables: Variables = Field(default_factory=list)
    steps: Steps

    def definition(self) -> Definition:
        return Definition(
            name=self.name.strip(),
            description=self.description,
            variables=tuple(v.entity() for v in self.variables),
            steps=tuple(s.entity() for s in self.steps),
        )


class WorkflowPatch(RequestModel):
    """Any of the definition's fields; those given replace the stored ones."""

    name: Text | None = None
    description: Description | None = None
    variables: Variables | None = None
    steps: Steps | None = None

    def merged(self, current: Definition) -> Definition:
        return Definition(
            name=self.name.strip() if self.name is not None else current.name,
            description=current.description if self.description is None else self.description,
            variables=current.variables
            if self.variables is None
            else tuple(v.entity() for v in self.variables),
            steps=current.steps if self.steps is None else tuple(s.entity() for s in self.steps),
        )


class VariableOut(ResponseModel):
    name: str
    type: VariableType
    required: bool
    default: str | None = None
    options: list[str] | None = None
    max_length: int | None = None


class StepInputOut(ResponseModel):
    step: str | None = None
    index: int | Literal["each"] | None = None
    variable: str | None = None


class StepOut(ResponseModel):
    id: str
    kind: StepKind
    prompt: str
    params: GivenParameters
    preset_id: str | None = None
    input: StepInputOut | None = None


class Workflow(ResponseModel):
    id: str = Field(examples=["wfl_01jd4x0000abcdefghjkmnpqrs"])
    name: str
    description: str
    version: int
    variables: list[VariableOut]
    steps: list[StepOut]
    created_at: Time
    updated_at: Time

    @classmethod
    def of(cls, workflow: WorkflowEntity) -> Workflow:
        d = workflow.definition
        return cls(
            id=workflow.workflow_id,
            name=d.name,
            description=d.description,
            version=workflow.version,
            variables=[VariableOut.model_validate(v.as_dict()) for v in d.variables],
            steps=[StepOut.model_validate(s.as_dict()) for s in d.steps],
            created_at=workflow.created_at,
            updated_at=workflow.updated_at,
        )


class ImageRef(RequestModel):
    """An output of one of your generations, used as an image input."""

    generation_id: Annotated[str, Field(pattern=r"^gen_[0-9a-z]{26}$")]
    index: Annotated[int, Field(ge=0, le=9)]


UploadRef = Annotated[str, Field(pattern=r"^upl_[0-9a-z]{26}$")]
InputValue = Annotated[str, Field(min_length=1, max_length=MAX_PROMPT_CHARS)]
Axis = Annotated[list[Value], Field(min_length=1, max_length=10)]


class RunRequest(RequestModel):
    """Values of the workflow's variables; `matrix` gives several values to text or enum
    variables, and the run makes every combination."""

    inputs: Annotated[dict[Name, InputValue | ImageRef], Field(max_length=20)] = Field(
        default_factory=dict
    )
    matrix: Annotated[dict[Name, Axis], Field(max_length=20)] = Field(default_factory=dict)

    def values(self) -> dict[str, Any]:
        return {
            name: value.model_dump() if isinstance(value, ImageRef) else value
            for name, value in self.inputs.items()
        }


class StepQuote(ResponseModel):
    step_id: str
    generations: int
    credits: int


class ExpansionQuote(ResponseModel):
    inputs: dict[str, str | dict[str, str | int]]
    steps: list[StepQuote]


class RunQuote(ResponseModel):
    credits: int
    generations: int
    breakdown: list[ExpansionQuote]

    @classmethod
    def of(cls, plan: RunPlan) -> RunQuote:
        return cls(
            credits=plan.credits,
            generations=plan.generations,
            breakdown=[
                ExpansionQuote(
                    inputs=dict(e.inputs),
                    steps=[
                        StepQuote(step_id=s.step_id, generations=s.generations, credits=s.credits)
                        for s in e.steps
                    ],
                )
                for e in plan.expansions
            ],
        )
