"""PLACEHOLDER (written by the infra branch; the generation workflow replaces it): the
interface the local stack and infra read the workflow through.

The ASL file is the one source of the definition. A Task state names its Lambda as
`${handler_name}`, a handler of `app.handler_map` listed in STEP_FUNCTIONS; the local
stack and CloudFormation (`DefinitionSubstitutions`) substitute the function ARNs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ASL_PATH = Path(__file__).with_name("generation.asl.json")

STEP_FUNCTIONS: list[str] = []


def load_definition() -> dict[str, Any]:
    return dict(json.loads(ASL_PATH.read_text()))
