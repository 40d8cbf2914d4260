"""Why `chalicelib/config.py` parses the environment by hand rather than with
pydantic-settings: settings are read at every cold start. Prints, for fresh interpreters
(median of 5), the time to import and parse our Settings against importing
pydantic-settings and parsing an equivalent BaseSettings, and the ratio (ours / theirs).

Run: .venv/bin/python bench/settings_parsing.py"""

from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 5

OURS = """
import time; t = time.perf_counter()
from chalicelib.config import Settings
Settings.from_env()
print(time.perf_counter() - t)
"""

THEIRS = """
import time; t = time.perf_counter()
from pydantic_settings import BaseSettings

class Settings(BaseSettings):
    stage: str = "local"
    app_name: str = "gpt-image-2"
    aws_region: str = "us-east-1"
    bucket_name: str = ""
    allowed_origins: list[str] = []
    admin_emails: list[str] = []
    signup_bonus_credits: int = 50
    deletion_grace_days: int = 7
    pricing_margin: float = 1.5
    openai_timeout_seconds: float = 120.0

Settings()
print(time.perf_counter() - t)
"""


def median_seconds(code: str) -> float:
    runs = [
        float(subprocess.check_output([sys.executable, "-c", code], cwd=ROOT, text=True))
        for _ in range(RUNS)
    ]
    return statistics.median(runs)


def main() -> None:
    ours, theirs = median_seconds(OURS), median_seconds(THEIRS)
    print(f"settings at cold start, median of {RUNS} fresh interpreters")
    print(f"chalicelib.config: {ours * 1000:.0f} ms | pydantic-settings: {theirs * 1000:.0f} ms")
    print(f"ratio ours / pydantic-settings: {ours / theirs:.2f}")


if __name__ == "__main__":
    main()
