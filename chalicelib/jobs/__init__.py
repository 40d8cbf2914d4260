"""Scheduled jobs by name. Each entry is "module:function"; the function takes the
Services container and returns a report of what it did (`JobReport`: counts, or counts
by outcome). app.py schedules them
in AWS; the local stack and `POST /v1/dev/run-jobs` run them on demand."""

from __future__ import annotations

import importlib
from typing import Any

JobReport = dict[str, int | dict[str, int]]

JOBS: dict[str, str] = {
    "stripe_reconciler": "chalicelib.jobs.stripe_reconciler:reconcile_stripe_events",
    "generation_reaper": "chalicelib.jobs.generation_reaper:reap",
    "privacy_exports": "chalicelib.privacy.jobs:privacy_exports",
    "deletion_executor": "chalicelib.privacy.jobs:deletion_executor",
    "retention_cleanup": "chalicelib.privacy.jobs:retention_cleanup",
}


def run_job(name: str, services: Any) -> JobReport:
    module_name, _, function_name = JOBS[name].partition(":")
    function = getattr(importlib.import_module(module_name), function_name)
    return dict(function(services))


def run_all(services: Any) -> dict[str, JobReport]:
    return {name: run_job(name, services) for name in JOBS}
