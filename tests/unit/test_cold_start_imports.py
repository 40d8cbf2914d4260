"""The API's cold start must not import openai, stripe or PIL."""

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
