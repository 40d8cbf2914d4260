"""The environment is validated once, at cold start: importing the app (what Lambda
does before the first invocation) fails with a ConfigError naming the variable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from chalicelib.config import DEPLOYED_REQUIRED, ConfigError, Settings, require_deployed
from tests.support.lambda_context import DEPLOYED_ENV

ROOT = Path(__file__).resolve().parents[2]
BASE = {"PATH": "/usr/bin:/bin", "AWS_DEFAULT_REGION": "us-east-1"}


def cold_start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import app"],
        cwd=ROOT,
        env={**BASE, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def last_line(result: subprocess.CompletedProcess[str]) -> str:
    return result.stderr.strip().splitlines()[-1]


def test_an_unknown_stage_fails_the_cold_start():
    result = cold_start({"STAGE": "bogus"})
    assert result.returncode != 0
    assert (
        last_line(result) == "chalicelib.config.ConfigError: STAGE must be one of local, dev, prod"
    )


def test_a_deployed_stage_without_what_infra_sets_fails_the_cold_start():
    env = {**DEPLOYED_ENV, "STAGE": "prod"}
    del env["STATE_MACHINE_ARN"]
    result = cold_start(env)
    assert result.returncode != 0
    assert last_line(result) == (
        "chalicelib.config.ConfigError: STATE_MACHINE_ARN is required on stage prod"
    )


def test_a_bad_number_names_its_variable_and_not_its_value():
    result = cold_start({"STAGE": "local", "PRICING_MARGIN": "s3cr3t"})
    assert result.returncode != 0
    assert last_line(result) == "chalicelib.config.ConfigError: PRICING_MARGIN must be a number"
    assert "s3cr3t" not in result.stderr.splitlines()[-1]


def test_a_complete_deployed_environment_starts():
    result = cold_start({**DEPLOYED_ENV, "STAGE": "dev"})
    assert result.returncode == 0, result.stderr


def test_every_missing_variable_is_listed():
    with pytest.raises(ConfigError) as raised:
        require_deployed({"STAGE": "dev"})
    assert raised.value.variable == DEPLOYED_REQUIRED[0]
    assert all(name in str(raised.value) for name in DEPLOYED_REQUIRED)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("SIGNUP_BONUS_CREDITS", "-1"),
        ("DELETION_GRACE_DAYS", "-1"),
        ("FORGOT_FLOOR_SECONDS", "-1"),
        ("PRICING_MARGIN", "0.5"),
        ("OPENAI_TIMEOUT_SECONDS", "0"),
        ("IMAGE_PROVIDER", "dall-e"),
    ],
)
def test_each_bad_value_names_its_variable(variable, value):
    with pytest.raises(ConfigError) as raised:
        Settings.from_env({"STAGE": "local", variable: value})
    assert raised.value.variable == variable
    assert str(raised.value).startswith(variable)
