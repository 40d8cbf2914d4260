"""The API cold start (importing app.py) never imports the stripe SDK."""

import subprocess
import sys


def test_importing_the_app_does_not_import_stripe():
    code = "import sys, app; print(sorted(m for m in sys.modules if m.split('.')[0] == 'stripe'))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
