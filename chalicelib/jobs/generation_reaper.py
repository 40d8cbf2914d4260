"""The stuck-work reaper: releases holds whose workflow ended without resolving them,
never started, or outlived the workflow timeout. Holds never leak."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chalicelib.services import Services

# A task younger than this may still be starting; the workflow is not checked yet.
GRACE = timedelta(minutes=2)


def reap(services: Services) -> dict[str, int]:
    from chalicelib.workflow.definition import timeout_seconds

    return services.generations.reap(GRACE, timedelta(seconds=timeout_seconds()))
