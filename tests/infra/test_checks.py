"""cfn-lint and cdk-nag on the synthesized templates; the deployment package."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

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


def test_every_function_runs_the_lambda_runtime(synthesized):
    for template in synthesized["templates"].values():
        functions = [
            r for r in template["Resources"].values() if r["Type"] == "AWS::Lambda::Function"
        ]
        assert functions and {f["Properties"]["Runtime"] for f in functions} == {LAMBDA_RUNTIME}
