"""schemathesis against the OpenAPI document the running local stack serves: every
operation, the authenticated ones as a real verified user and the admin ones as an
admin (tests/support/schemathesis_hooks.py). `make test` runs a short pass with a fixed
seed; `make fuzz` runs more examples per operation (FUZZ_EXAMPLES) with a random seed
(FUZZ_SEED=)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.local_stack import ROOT, StackProcess

CHECKS = (
    "not_a_server_error",
    "negative_data_rejection",
    "ignored_auth",
    "use_after_free",
    "unsupported_method",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
)

ADMIN_EMAIL = "fuzz-admin@example.com"  # /v1/admin/* operations run as this admin


@pytest.fixture(scope="module")
def fuzz_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StackProcess]:
    # A stack of its own: the fuzzer's accounts, throttles and jobs stay away from the
    # other e2e tests.
    process = StackProcess(
        tmp_path_factory.mktemp("fuzz") / "state", {"ADMIN_EMAILS": ADMIN_EMAIL}
    ).start()
    yield process
    process.stop()


def test_schemathesis_finds_nothing_on_any_operation(
    fuzz_stack: StackProcess, tmp_path: Path
) -> None:
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        f"{fuzz_stack.url}/v1/openapi.json",
        "--checks",
        ",".join(CHECKS),
        "--max-examples",
        os.environ.get("FUZZ_EXAMPLES", "3"),
        # One worker: with two, hypothesis's ast.parse (describing a strategy) failed
        # with CPython 3.11's "AST constructor recursion depth mismatch".
        "--workers",
        "1",
        "--generation-database",
        "none",
        "--request-timeout",
        "60",
        "--no-color",
    ]
    seed = os.environ.get("FUZZ_SEED", "20261201")
    if seed:
        command += ["--seed", seed]
    hooks = ROOT / "tests" / "support" / "schemathesis_hooks.py"
    result = subprocess.run(
        command,
        cwd=tmp_path,  # where schemathesis keeps its cache (.schemathesis/)
        env={**os.environ, "SCHEMATHESIS_HOOKS": str(hooks), "FUZZ_ADMIN_EMAIL": ADMIN_EMAIL},
        capture_output=True,
        text=True,
    )
    output = result.stdout
    found = [i for i in (output.find(" ERRORS "), output.find(" FAILURES ")) if i >= 0]
    report = output[min(found) :] if found else output[-20000:]
    assert result.returncode == 0, report[:40000] + result.stderr[-3000:]
