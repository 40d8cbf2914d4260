"""Synthesizes the CDK app once per test session (it is slow) into a temporary folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="session")
def synthesized(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from infra.app import synth

    outdir = tmp_path_factory.mktemp("cdk.out")
    assembly = synth(outdir)
    return {
        "outdir": outdir,
        "templates": {
            stack.stack_name.rsplit("-", 1)[-1]: json.loads(
                Path(outdir, stack.template_file).read_text()
            )
            for stack in assembly.stacks
        },
    }


@pytest.fixture(scope="session", params=["dev", "prod"])
def stage(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def template(synthesized: dict[str, Any], stage: str) -> dict[str, Any]:
    return dict(synthesized["templates"][stage])


@pytest.fixture(scope="session")
def assertions(template: dict[str, Any]) -> Any:
    from aws_cdk.assertions import Template

    return Template.from_json(template)


def resources(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in template["Resources"].items() if v["Type"] == kind}


def role_policies(template: dict[str, Any]) -> list[dict[str, Any]]:
    """Every policy attached to roles: the default ones and, when a role's statements
    outgrow the inline size limit, the managed overflow policies CDK adds beside it."""
    kinds = ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")
    return [p for kind in kinds for p in resources(template, kind).values()]
