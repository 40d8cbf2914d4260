"""The local stack (`python -m chalicelib.local`) as a subprocess on free ports, with
its own state directory, for e2e tests over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def local_stack(state_dir: Path, extra_env: dict[str, str] | None = None) -> Iterator[str]:
    port, aws_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if k != "AWS_ENDPOINT_URL"}
    env.update(
        {"PORT": str(port), "LOCAL_AWS_PORT": str(aws_port), "LOCAL_STATE_DIR": str(state_dir)}
    )
    env.update(extra_env or {})
    log = (state_dir.parent / f"stack-{port}.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "chalicelib.local"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=Path(__file__).resolve().parents[2],
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the local stack did not start; see {log.name}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
