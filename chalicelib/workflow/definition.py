"""The state machine's one definition. `generation.asl.json` is the generation sub-flow
(moderate, generate, finalize, release); the machine routes an execution either to it
(a single generation: `{"generation_id"}`) or to a workflow run (`{"run_id", "stages"}`):
a Map over the run's stages, one after another, each a Map over that stage's
generations, every one of which runs the very same sub-flow. `${...}` placeholders stand
for the step functions' ARNs (DefinitionSubstitutions): the local stack renders them
here; infra passes `substitutions(...)` to the CDK construct."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

ASL_PATH = Path(__file__).with_name("generation.asl.json")
RUN_CONCURRENCY = 10  # generations of one stage at once (the provider's rate limits)

# Placeholder -> the app's Lambda handler name (`@app.lambda_function(name=...)`).
STEP_HANDLERS: dict[str, str] = {
    "ModerateFunctionArn": "generation_moderate",
    "GenerateFunctionArn": "generation_generate",
    "FinalizeFunctionArn": "generation_finalize",
    "ReleaseFunctionArn": "generation_release",
}


@cache
def _sub_flow_text() -> str:
    return ASL_PATH.read_text()


def _sub_flow() -> dict[str, Any]:
    return dict(json.loads(_sub_flow_text()))


def _run_states(flow: Mapping[str, Any]) -> dict[str, Any]:
    """A run: its stages in order (a step reads the outputs of earlier ones), the
    generations of a stage side by side, each through the generation sub-flow."""
    generations = {
        "Type": "Map",
        "ItemsPath": "$.generation_ids",
        "ItemSelector": {"generation_id.$": "$$.Map.Item.Value"},
        "MaxConcurrency": RUN_CONCURRENCY,
        "ItemProcessor": {
            "ProcessorConfig": {"Mode": "INLINE"},
            "StartAt": flow["StartAt"],
            "States": copy.deepcopy(flow["States"]),
        },
        "ResultPath": None,
        "End": True,
    }
    return {
        "Stages": {
            "Type": "Map",
            "Comment": "A workflow run's steps, in order; each generation settles its own"
            " share of the run's hold (capture or release), exactly once.",
            "ItemsPath": "$.stages",
            "MaxConcurrency": 1,
            "ItemProcessor": {
                "ProcessorConfig": {"Mode": "INLINE"},
                "StartAt": "Generations",
                "States": {"Generations": generations},
            },
            "ResultPath": None,
            "End": True,
        }
    }


def load_definition() -> dict[str, Any]:
    """The whole definition, with its placeholders (a fresh copy)."""
    flow = _sub_flow()
    route = {
        "Type": "Choice",
        "Choices": [{"Variable": "$.run_id", "IsPresent": True, "Next": "Stages"}],
        "Default": flow["StartAt"],
    }
    return {
        "Comment": flow["Comment"],
        "StartAt": "Route",
        "TimeoutSeconds": flow["TimeoutSeconds"],
        "States": {"Route": route, **flow["States"], **_run_states(flow)},
    }


def timeout_seconds() -> int:
    return int(_sub_flow()["TimeoutSeconds"])


def substitutions(function_arns: Mapping[str, str]) -> dict[str, str]:
    """Placeholder -> ARN, from handler name -> ARN."""
    return {placeholder: function_arns[name] for placeholder, name in STEP_HANDLERS.items()}


def render(function_arns: Mapping[str, str]) -> str:
    """The definition with every placeholder replaced (handler name -> ARN)."""
    text = json.dumps(load_definition())
    for placeholder, arn in substitutions(function_arns).items():
        text = text.replace("${" + placeholder + "}", arn)
    if "${" in text:
        raise ValueError("the definition has a placeholder without a value")
    return text
