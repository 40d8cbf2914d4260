"""The local stack (`python -m chalicelib.local`) as a subprocess on free ports with a
temporary state directory, and an httpx client for it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def local_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    port, aws_port = free_port(), free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("AWS_") and k not in ("STAGE", "PRIVACY_HMAC_KEY")
    }
    env.update(
        {
            "PORT": str(port),
            "LOCAL_AWS_PORT": str(aws_port),
            "LOCAL_STATE_DIR": str(tmp_path_factory.mktemp("state")),
            "DELETION_GRACE_DAYS": "0",
            "ADMIN_EMAILS": "admin@example.com",
        }
    )
    log = (tmp_path_factory.mktemp("log") / "stack.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "chalicelib.local"], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/v1/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"local stack did not start; see {log.name}")
        time.sleep(0.2)
    try:
        yield {"base": base, "aws": f"http://127.0.0.1:{aws_port}"}
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture
def http(local_stack: dict[str, str]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=local_stack["base"], timeout=60) as client:
        yield client
