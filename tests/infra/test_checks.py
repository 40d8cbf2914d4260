"""cfn-lint and cdk-nag on the synthesized templates; the deployment package."""

from __future__ import annotations

import copy
import json
import re
import zipfile
from graphlib import CycleError, TopologicalSorter
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_s3 as s3
from cfnlint.api import ManualArgs, lint_file

from infra import nag
from infra.packaging import (
    LAMBDA_RUNTIME,
    build_deployment_package,
    package_glibc_problems,
    package_interpreter_problems,
)


def test_cfn_lint_finds_no_error(synthesized):
    for stage in synthesized["templates"]:
        path = Path(synthesized["outdir"], f"{stage}.template.json")
        matches = lint_file(path, config=ManualArgs(regions=["us-east-1"]))
        errors = [str(m) for m in matches if m.rule.id.startswith("E")]
        assert errors == [], errors


def test_cdk_nag_has_no_unacknowledged_finding(synthesized):
    report = Path(synthesized["outdir"], "validation-report.json")
    if report.exists():
        violations = [
            violation
            for plugin in json.loads(report.read_text())["pluginReports"]
            for violation in plugin["violations"]
            if violation["severity"] == "error"
        ]
        assert violations == []


def test_cdk_nag_fails_synthesis_on_an_unacknowledged_finding(tmp_path):
    app = App(outdir=str(tmp_path))
    s3.CfnBucket(Stack(app, "bad"), "Open")
    nag.check(app)
    with pytest.raises(RuntimeError, match="AwsSolutions-S10"):
        app.synth()


def test_every_acknowledgment_is_justified_in_one_line():
    reasons = [value for name, value in vars(nag).items() if name.endswith("_REASON")]
    assert reasons and all(r.strip() and "\n" not in r and len(r) <= 120 for r in reasons)


def test_deployment_package_holds_the_app_and_its_dependencies():
    package = build_deployment_package()
    names = set(zipfile.ZipFile(package.path).namelist())
    assert {"app.py", "chalice/app.py", "chalicelib/config.py"} <= names
    assert any(n.startswith("aws_lambda_powertools/") for n in names)
    assert any(n.startswith("pynamodb/") for n in names)
    assert not any(n.startswith(("pytest/", "moto/", "aws_cdk/", "botocore/")) for n in names)


def test_installed_wheels_load_on_the_lambda_runtime():
    """Every binary wheel is built for the runtime's Python and its image's glibc."""
    package = build_deployment_package()
    assert package_glibc_problems(package.path) == {}
    assert package_interpreter_problems(package.path) == {}
    names = zipfile.ZipFile(package.path).namelist()
    assert any(n.startswith("PIL/") for n in names) and any(
        n.startswith("pillow_heif/") for n in names
    )


SERVERLESS_FUNCTION = "AWS::Serverless::Function"


def test_every_function_runs_the_lambda_runtime(synthesized):
    """The app's functions and CDK's Python helpers run LAMBDA_RUNTIME; the only other
    runtime is CDK's AwsCustomResource provider (Node, CDK's own code)."""
    for template in synthesized["templates"].values():
        functions = {
            logical: r["Properties"]["Runtime"]
            for logical, r in template["Resources"].items()
            if r["Type"] in ("AWS::Lambda::Function", SERVERLESS_FUNCTION)
        }
        app = {f for f, r in template["Resources"].items() if r["Type"] == SERVERLESS_FUNCTION}
        assert app and {functions[f] for f in app} == {LAMBDA_RUNTIME}
        others = {f: r for f, r in functions.items() if not r.startswith("python")}
        assert [f.startswith(nag.CUSTOM_RESOURCE_PROVIDER_ID) for f in others] == [True]
        assert {r for r in functions.values() if r.startswith("python")} == {LAMBDA_RUNTIME}


def _references(value: Any) -> set[str]:
    """Logical ids a template value depends on: Ref, GetAtt and `${X}` / `${X.Attr}`."""
    if isinstance(value, list):
        return set().union(*(_references(v) for v in value))
    if not isinstance(value, dict):
        return set()
    found: set[str] = set()
    for key, inner in value.items():
        if key == "Ref":
            found.add(inner)
        elif key == "Fn::GetAtt":
            found.add(inner[0] if isinstance(inner, list) else inner.split(".")[0])
        elif key == "Fn::Sub":
            text, variables = (inner, {}) if isinstance(inner, str) else inner
            found |= {name.split(".")[0] for name in re.findall(r"\$\{([^!}][^}]*)\}", text)}
            found |= _references(variables)
        else:
            found |= _references(inner)
    return found


def dependency_cycle(template: dict[str, Any]) -> list[str] | None:
    """A cycle among the template's resources (references and DependsOn), or None:
    CloudFormation refuses such a template, cfn-lint does not see one through SAM."""
    found = template["Resources"]
    graph = {}
    for logical, resource in found.items():
        depends = resource.get("DependsOn", [])
        names = _references(resource.get("Properties", {})) | set(as_list(depends))
        graph[logical] = {name for name in names if name in found}
    try:
        list(TopologicalSorter(graph).static_order())
    except CycleError as error:
        return list(error.args[1])
    return None


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def test_no_template_has_a_dependency_cycle(synthesized):
    for template in synthesized["templates"].values():
        assert dependency_cycle(template) is None


def test_the_cycle_check_finds_the_api_function_referenced_by_arn(synthesized):
    """ALLOWED_ORIGINS names the distribution, whose origin is the REST API: an
    integration naming `${APIHandler.Arn}` closes the loop."""
    template = copy.deepcopy(synthesized["templates"]["dev"])
    paths = template["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]["paths"]
    integration = next(iter(next(iter(paths.values())).values()))["x-amazon-apigateway-integration"]
    integration["uri"] = {
        "Fn::Sub": "arn:aws:apigateway:x:lambda:path/${APIHandler.Arn}/invocations"
    }
    cycle = dependency_cycle(template)
    assert cycle is not None and {"APIHandler", "RestAPI"} <= set(cycle)


# Dev-only code that once lived in chalicelib/ (and must not come back there); the old
# names are spelled in parts, so a grep for them finds no reference left.
OLD_LOCAL_STACK = "/".join(("chalicelib", "local")) + "/"
OLD_STAND_IN = "_".join(("local", "stripe"))
DEV_MODULES = (
    "chalicelib/api/dev.py",
    "chalicelib/api/checkout_simulator.py",
    "chalicelib/adapters/webhook_sender.py",
)


def test_deployment_package_holds_no_dev_code():
    """No local stack, no Stripe stand-in, no dev route: not as a file, nor named by one."""
    package = build_deployment_package()
    with zipfile.ZipFile(package.path) as archive:
        names = archive.namelist()
        assert "app.py" in names and "chalicelib/api/routing.py" in names
        dev_files = [
            name
            for name in names
            if name.startswith(("devstack/", OLD_LOCAL_STACK))
            or OLD_STAND_IN in name
            or "stripe_stand_in" in name
            or name in DEV_MODULES
        ]
        assert dev_files == []
        mentions = [
            name for name in names if name.endswith(".py") and b"devstack" in archive.read(name)
        ]
        assert mentions == []
