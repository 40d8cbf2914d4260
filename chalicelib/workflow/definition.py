"""The generation state machine's one definition (`generation.asl.json`), with `${...}`
placeholders for the step functions' ARNs (DefinitionSubstitutions). The local stack
renders it here; infra passes `substitutions(...)` to the CDK construct."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

ASL_PATH = Path(__file__).with_name("generation.asl.json")

# Placeholder -> the app's Lambda handler name (`@app.lambda_function(name=...)`).
STEP_HANDLERS: dict[str, str] = {
    "ModerateFunctionArn": "generation_moderate",
    "GenerateFunctionArn": "generation_generate",
    "FinalizeFunctionArn": "generation_finalize",
    "ReleaseFunctionArn": "generation_release",
}


@cache
def load_text() -> str:
    return ASL_PATH.read_text()


def load_definition() -> dict[str, Any]:
    """The definition with its placeholders (a fresh copy)."""
    return dict(json.loads(load_text()))


def timeout_seconds() -> int:
    return int(load_definition()["TimeoutSeconds"])


def substitutions(function_arns: Mapping[str, str]) -> dict[str, str]:
    """Placeholder -> ARN, from handler name -> ARN."""
    return {placeholder: function_arns[name] for placeholder, name in STEP_HANDLERS.items()}


def render(function_arns: Mapping[str, str]) -> str:
    """The definition with every placeholder replaced (handler name -> ARN)."""
    text = load_text()
    for placeholder, arn in substitutions(function_arns).items():
        text = text.replace("${" + placeholder + "}", arn)
    if "${" in text:
        raise ValueError("the definition has a placeholder without a value")
    return text
