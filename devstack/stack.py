"""The embedded local stack behind `make run`: moto in-process (Step Functions execution
on, Lambda dispatched in-process), resources provisioned from the shared definitions,
state restored from LOCAL_STATE_DIR, and the Chalice app served over HTTP with the website
(`web/dist`, `devstack.site`) at `/`."""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LOCAL_DEFAULTS = {
    "STAGE": "local",
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_DEV": "false",
    "LOCAL_STATE_DIR": ".local",
    "WEBHOOK_ALLOW_LOCAL": "1",  # webhook endpoints may be http://127.0.0.1 here
}


def prepare_environment(env: dict[str, str] | None = None) -> dict[str, str]:
    """Fill the environment for the local stage before any app module reads it."""
    target = os.environ if env is None else env
    for key, value in LOCAL_DEFAULTS.items():
        target.setdefault(key, value)
    aws_port = target.setdefault("LOCAL_AWS_PORT", "4566")
    target["MOTO_PORT"] = aws_port
    target["AWS_ENDPOINT_URL"] = f"http://127.0.0.1:{aws_port}"
    return dict(target)


@dataclass
class LocalStack:
    state_dir: Path
    aws_port: int
    http_port: int
    background: list[Callable[[], object]] = field(default_factory=list)
    # The scheduled jobs (exports, deletions, retention, the reaper, Stripe reconciling)
    # run every this many seconds, as EventBridge runs them in AWS; 0: only on demand
    # (`POST /v1/dev/run-jobs`).
    jobs_every: float = 0.0
    _stop: threading.Event = field(default_factory=threading.Event)

    def start_aws(self) -> Any:
        from moto.core.config import default_user_config
        from moto.server import ThreadedMotoServer

        from devstack import moto_atomic

        moto_atomic.install()
        default_user_config["stepfunctions"] = {"execute_state_machine": True}
        default_user_config["lambda"] = {"use_docker": False}
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.aws_port, verbose=False)
        server.start()
        return server

    def run(self) -> None:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        aws = self.start_aws()
        from app import app
        from chalicelib.adapters.models.registry import table_names
        from chalicelib.config import get_settings
        from chalicelib.services import get_services, set_services
        from devstack import lambda_dispatch, outbox, wiring
        from devstack.gateway import create_server
        from devstack.persistence import StateStore
        from devstack.provision import provision_all
        from devstack.realtime_server import start_realtime
        from devstack.site import DIST, Site

        settings = get_settings()
        wiring.install(app, settings)
        set_services(wiring.local_services(settings))
        lambda_dispatch.install(app, settings.resource_prefix)
        provision_all(settings, sorted(app.handler_map))
        store = StateStore(
            self.state_dir, settings.region, list(table_names().values()), settings.bucket
        )
        store.load()
        outbox.attach(self.state_dir)

        def save_state() -> None:
            store.save()
            outbox.flush(settings.region)

        self._every(3.0, save_state)
        self._start_background()
        sockets = start_realtime(app, get_services().connection_sender, settings.realtime_url)
        site = Site(DIST, (settings.aws_endpoint_url,), (settings.realtime_url,))
        server = create_server(app, "127.0.0.1", self.http_port, site)
        signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
        print(f"GPT Image 2 local stack: http://127.0.0.1:{self.http_port}", flush=True)
        print(f"Embedded AWS (moto): {settings.aws_endpoint_url}", flush=True)
        print(f"Live updates (WebSocket): {settings.realtime_url}", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            self._stop.set()
            save_state()
            sockets.stop()
            aws.stop()
            print("Local stack stopped; state saved.", flush=True)

    def _start_background(self) -> None:
        from chalicelib.services import get_services

        for task in self.background:
            self._every(1.0, task)
        if self.jobs_every > 0:
            from chalicelib.jobs import run_all

            self._every(self.jobs_every, lambda: run_all(get_services()))

    def _every(self, seconds: float, task: Callable[[], object]) -> None:
        def loop() -> None:
            while not self._stop.wait(seconds):
                try:
                    task()
                except Exception as exc:  # a background job must not kill the stack
                    from chalicelib.observability import logger

                    logger.warning(
                        "background task failed", extra={"error_type": type(exc).__name__}
                    )

        threading.Thread(target=loop, daemon=True).start()
