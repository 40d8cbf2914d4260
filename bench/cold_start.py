"""Cold start: import time of the API (`import app`) next to `import boto3` alone, as the
median of several fresh interpreters, their ratio (target <= 1.4), and which heavy SDKs
the API import pulled in (openai, stripe, PIL: none may be)."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 9
PROBE = """
import json, sys, time
start = time.perf_counter()
import {module}
elapsed = time.perf_counter() - start
heavy = sorted(m for m in ("openai", "stripe", "PIL") if m in sys.modules)
print(json.dumps({{"seconds": elapsed, "heavy": heavy}}))
"""


def measure(module: str) -> tuple[float, list[str]]:
    env = {**os.environ, "STAGE": "local", "PYTHONDONTWRITEBYTECODE": "0"}
    samples, heavy = [], []
    for _ in range(RUNS):
        out = subprocess.run(
            [sys.executable, "-c", PROBE.format(module=module)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        result = json.loads(out.strip().splitlines()[-1])
        samples.append(result["seconds"])
        heavy = result["heavy"]
    return statistics.median(samples), heavy


def main() -> None:
    boto3_s, _ = measure("boto3")
    app_s, heavy = measure("app")
    ratio = app_s / boto3_s
    print(f"import boto3 (median of {RUNS}): {boto3_s * 1000:.1f} ms")
    print(f"import app   (median of {RUNS}): {app_s * 1000:.1f} ms")
    print(f"ratio app/boto3: {ratio:.2f} (target <= 1.4)")
    print(f"heavy SDKs imported by app: {', '.join(heavy) if heavy else 'none'}")
    if heavy:
        sys.exit(1)


if __name__ == "__main__":
    main()
