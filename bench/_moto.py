"""Shared bench setup: the local-stage environment, moto in-process, call counting."""

from __future__ import annotations

import collections
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
for _name in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
    os.environ.pop(_name, None)
os.environ.update(
    {
        "STAGE": "local",
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
        "POWERTOOLS_METRICS_DISABLED": "true",
    }
)

CALLS: collections.Counter[str] = collections.Counter()
# Allocations made by the fake AWS itself (moto runs in this process) are not ours.
FAKE_AWS = ("*/moto/*", "*/responses/*", "*/werkzeug/*", "*/xmltodict.py", "*/jinja2/*")
SAMPLE_EVERY = 5


class OwnMemory:
    """Peak traced memory of everything but moto, sampled after every few AWS calls
    (that is when pages are held), next to tracemalloc's overall peak."""

    def __init__(self) -> None:
        self.peak = 0

    def sample(self) -> None:
        import tracemalloc

        if not tracemalloc.is_tracing():
            return
        snapshot = tracemalloc.take_snapshot().filter_traces(
            [tracemalloc.Filter(False, pattern, all_frames=True) for pattern in FAKE_AWS]
        )
        self.peak = max(self.peak, sum(stat.size for stat in snapshot.statistics("filename")))


OWN = OwnMemory()


@contextmanager
def moto_stack() -> Iterator[None]:
    from botocore.client import BaseClient
    from moto import mock_aws

    from chalicelib.config import get_settings
    from chalicelib.local.provision import provision_bucket, provision_tables

    original = BaseClient._make_api_call

    def counted(self, operation_name, api_params):
        CALLS[operation_name] += 1
        result = original(self, operation_name, api_params)
        if sum(CALLS.values()) % SAMPLE_EVERY == 0:
            OWN.sample()
        return result

    with mock_aws():
        settings = get_settings()
        provision_tables(settings.region)
        provision_bucket(settings)
        BaseClient._make_api_call = counted
        try:
            yield
        finally:
            BaseClient._make_api_call = original
