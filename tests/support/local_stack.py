"""Runs the local stack as `make run` does (a subprocess of `python -m devstack`)
on free ports with its own state directory."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class StackProcess:
    def __init__(self, state_dir: Path, extra_env: dict[str, str] | None = None) -> None:
        self.state_dir = state_dir
        self.port = free_port()
        self.aws_port = free_port()
        self.ws_port = free_port()
        self.extra_env = extra_env or {}
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = state_dir.parent / f"stack-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> StackProcess:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("AWS_", "STAGE", "MOTO_", "OPENAI_", "STRIPE_", "PRIVACY_"))
        }
        env.update(
            {
                "PORT": str(self.port),
                "LOCAL_AWS_PORT": str(self.aws_port),
                "LOCAL_WS_PORT": str(self.ws_port),
                "LOCAL_STATE_DIR": str(self.state_dir),
                "ALLOWED_ORIGINS": self.url,
                # Tests run the jobs when they mean to (POST /v1/dev/run-jobs).
                "LOCAL_JOBS_SECONDS": "0",
                **self.extra_env,
            }
        )
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "devstack"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"stack exited: {self.log_path.read_text()[-3000:]}")
            try:
                if httpx.get(f"{self.url}/v1/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("stack did not start in time")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def logs(self) -> str:
        return self.log_path.read_text()
