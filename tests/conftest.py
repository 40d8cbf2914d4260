"""Test environment: the local stage against moto, set before any app module is imported."""

from __future__ import annotations

import os

for _name in ("AWS_ENDPOINT_URL", "AWS_PROFILE", "OPENAI_API_KEY", "STRIPE_SECRET_KEY"):
    os.environ.pop(_name, None)
os.environ.update(
    {
        "STAGE": "local",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
        "POWERTOOLS_METRICS_DISABLED": "true",
        "SIGNUP_BONUS_CREDITS": "50",
        "ADMIN_EMAILS": "admin@example.com",
        "FORGOT_FLOOR_SECONDS": "0.05",
    }
)

pytest_plugins = ["tests.support.fixtures"]
