"""Shared bench setup: the local-stage environment, moto (its server in a child process,
so that tracemalloc here measures our code and not the fake AWS's own bookkeeping), and
a count of AWS calls by operation."""

from __future__ import annotations

import collections
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.pop("AWS_PROFILE", None)
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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


_server: subprocess.Popen | None = None


def _start_server() -> str:
    """One moto server per bench process (clients cache their endpoint)."""
    global _server
    import atexit
    import urllib.request

    port = _free_port()
    _server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    atexit.register(_server.terminate)
    endpoint = f"http://127.0.0.1:{port}"
    os.environ["AWS_ENDPOINT_URL"] = endpoint
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    return endpoint


@contextmanager
def moto_stack() -> Iterator[None]:
    """Fresh moto state with the app's tables and bucket; AWS calls are counted."""
    import urllib.request

    if _server is None:
        _start_server()
    reset = urllib.request.Request(
        f"{os.environ['AWS_ENDPOINT_URL']}/moto-api/reset", method="POST"
    )
    urllib.request.urlopen(reset, timeout=30)
    from botocore.client import BaseClient

    from chalicelib.config import get_settings
    from devstack.provision import provision_bucket, provision_tables

    original = BaseClient._make_api_call

    def counted(self, operation_name, api_params):
        CALLS[operation_name] += 1
        return original(self, operation_name, api_params)

    settings = get_settings()
    provision_tables(settings.region)
    provision_bucket(settings)
    BaseClient._make_api_call = counted
    try:
        yield
    finally:
        BaseClient._make_api_call = original
