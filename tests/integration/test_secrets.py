"""Settings read deployed secrets through Powertools Parameters (moto Secrets Manager/SSM)."""

from __future__ import annotations

import boto3
from moto import mock_aws

from chalicelib.config import Settings


@mock_aws
def test_settings_read_secrets_manager_and_ssm_when_their_references_are_set():
    secrets = boto3.client("secretsmanager", region_name="us-east-1")
    arn = secrets.create_secret(Name="stripe-key", SecretString="sk_test_from_secret")["ARN"]
    hook = secrets.create_secret(Name="hook", SecretString="whsec_from_secret")["ARN"]
    boto3.client("ssm", region_name="us-east-1").put_parameter(
        Name="/app/openai", Value="sk-openai-from-ssm", Type="SecureString"
    )
    settings = Settings.from_env(
        {
            "STAGE": "dev",
            "STRIPE_SECRET_KEY_SECRET_ARN": arn,
            "STRIPE_WEBHOOK_SECRET_SECRET_ARN": hook,
            "OPENAI_API_KEY_PARAMETER": "/app/openai",
        }
    )
    assert settings.stripe_secret_key == "sk_test_from_secret"
    assert settings.stripe_webhook_secret == "whsec_from_secret"
    assert settings.openai_api_key == "sk-openai-from-ssm"
    assert settings.image_provider == "openai"


def test_a_value_given_directly_wins_and_nothing_is_fetched():
    settings = Settings.from_env(
        {"STAGE": "dev", "STRIPE_SECRET_KEY": "sk_direct", "STRIPE_SECRET_KEY_SECRET_ARN": "x"}
    )
    assert settings.stripe_secret_key == "sk_direct"


@mock_aws
def test_building_settings_reads_nothing_and_access_reads_through_the_cache(monkeypatch):
    from chalicelib import secrets as adapter

    calls = []
    monkeypatch.setattr(adapter, "read_secret", lambda arn, **kw: calls.append(arn) or "v")
    settings = Settings.from_env(
        {"STAGE": "dev", "STRIPE_SECRET_KEY_SECRET_ARN": "arn:stripe", "OPENAI_API_KEY": ""}
    )
    assert calls == [] and settings.image_provider == "local"
    assert settings.stripe_secret_key == "v" and calls == ["arn:stripe"]


def test_importing_the_app_makes_no_aws_call():
    """With every secret deployed by reference and AWS unreachable, `import app` works."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from tests.support.lambda_context import DEPLOYED_ENV

    env = {
        **os.environ,
        **DEPLOYED_ENV,
        "STAGE": "dev",
        "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
        "AWS_MAX_ATTEMPTS": "1",
        **{
            f"{name}_SECRET_ARN": f"arn:aws:secretsmanager:us-east-1:123456789012:secret:{name}"
            for name in (
                "OPENAI_API_KEY",
                "STRIPE_SECRET_KEY",
                "STRIPE_WEBHOOK_SECRET",
                "PRIVACY_HMAC_KEY",
            )
        },
    }
    probe = (
        "import app\n"
        "from chalicelib.config import get_settings\n"
        "s = get_settings()\n"
        "assert s.image_provider == 'openai', s.image_provider\n"
        "try:\n"
        "    s.stripe_secret_key\n"
        "except Exception:\n"
        "    print('unreachable on access')\n"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=root, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "unreachable on access"


@mock_aws
def test_a_rotated_secret_is_seen_once_the_cache_expires(monkeypatch):
    from datetime import datetime, timedelta

    from aws_lambda_powertools.utilities import parameters
    from aws_lambda_powertools.utilities.parameters import base

    from chalicelib.secrets import CACHE_SECONDS

    parameters.clear_caches()
    secrets = boto3.client("secretsmanager", region_name="us-east-1")
    arn = secrets.create_secret(Name="rotating", SecretString="whsec_one")["ARN"]
    settings = Settings.from_env({"STAGE": "dev", "STRIPE_WEBHOOK_SECRET_SECRET_ARN": arn})
    assert settings.stripe_webhook_secret == "whsec_one"
    secrets.put_secret_value(SecretId=arn, SecretString="whsec_two")
    assert settings.stripe_webhook_secret == "whsec_one"  # cached for CACHE_SECONDS

    class Later(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.now(tz) + timedelta(seconds=CACHE_SECONDS + 1)

    monkeypatch.setattr(base, "datetime", Later)
    assert settings.stripe_webhook_secret == "whsec_two"
    parameters.clear_caches()
