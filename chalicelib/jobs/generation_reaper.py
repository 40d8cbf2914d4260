"""The stuck-work reaper: releases holds whose workflow ended without resolving them,
never started, or outlived the workflow timeout. Holds never leak."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

# A task younger than this may still be starting; the workflow is not checked yet.
GRACE = timedelta(minutes=2)


def reap(services: Any) -> dict[str, Any]:
    from chalicelib.workflow.definition import timeout_seconds

    summary: dict[str, Any] = services.generations.reap(GRACE, timedelta(seconds=timeout_seconds()))
    return summary
