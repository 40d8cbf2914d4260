"""The API's cold start must not import openai, stripe or PIL."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import sys, app\n"
    "from chalice.test import Client\n"
    "print(sorted(m for m in ('openai', 'stripe', 'PIL') if m in sys.modules))\n"
)


def test_importing_the_api_pulls_in_no_heavy_sdk():
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"STAGE": "local", "PATH": "/usr/bin:/bin"},
    ).stdout
    assert out.strip() == "[]"


# A fresh interpreter, as a Lambda cold start: moto stands in for DynamoDB, the account is
# made through the domain (a signup request would load its body's model), then the app
# answers GET /v1/me and says which pydantic modules it had to import.
ME_PROBE = """
import json, sys
from datetime import date
from moto import mock_aws

with mock_aws():
    import app
    from chalice.test import Client
    from chalicelib.config import get_settings
    from chalicelib.domain.accounts import SignupInput
    from chalicelib.domain.accounts_entities import ClientInfo
    from chalicelib.services import get_services
    from devstack.provision import provision_all

    provision_all(get_settings(), sorted(app.app.handler_map))
    services = get_services()
    user = services.accounts.sign_up(SignupInput(
        "ann@example.com", "correct horse battery staple", "Ann", date(1990, 5, 1), "2026-11-01"
    ))
    token = services.auth.start_session(user, ClientInfo(ip="203.0.113.9", user_agent="t")).token
    before = sorted(m for m in sys.modules if m.split(".")[0] == "pydantic")
    with Client(app.app) as client:
        answer = client.http.get("/v1/me", headers={"authorization": f"Bearer {token}"})
    after = sorted(m for m in sys.modules if m.split(".")[0] == "pydantic")
    print(json.dumps([answer.status_code, json.loads(answer.body), before, after]))
"""

ENV = {
    "STAGE": "local",
    "PATH": "/usr/bin:/bin",
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_LOG_LEVEL": "ERROR",
}


def test_importing_the_api_imports_no_model_nor_pydantic():
    """Every route is declared at import; its models (and pydantic) load on first use."""
    code = (
        "import sys, app\n"
        "models = [m for m in sys.modules if m.startswith('chalicelib.api.models.')]\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'), sorted(models))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, env=ENV
    ).stdout
    # user_json is the pydantic-free value GET /v1/me answers (no model class in it).
    assert out.strip() == "[] ['chalicelib.api.models.user_json']"


def test_the_first_get_me_is_answered_without_pydantic():
    done = subprocess.run(
        [sys.executable, "-c", ME_PROBE], cwd=ROOT, capture_output=True, text=True, env=ENV
    )
    assert done.returncode == 0, done.stderr
    status, body, before, after = json.loads(done.stdout.strip().splitlines()[-1])
    assert (status, body["email"], body["name"]) == (200, "ann@example.com", "Ann")
    assert before == after == []
