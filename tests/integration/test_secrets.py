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
