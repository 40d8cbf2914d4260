"""Scheduled privacy jobs (registered in `chalicelib.jobs.JOBS`)."""

from __future__ import annotations

from typing import Any

from chalicelib.privacy.cleanup import clean_expired
from chalicelib.privacy.data_map import load


def retention_cleanup(services: Any) -> dict[str, int]:
    return clean_expired(load(), services.map_tables, services.media_bucket, services.clock.now())


def deletion_executor(services: Any) -> dict[str, int]:
    return {**services.privacy.run_due_deletions(), **services.privacy.reerase_restored()}


def privacy_exports(services: Any) -> dict[str, int]:
    return dict(services.privacy.run_pending_exports())
