"""`python -m devstack`: start the embedded local stack (what `make run` does)."""

from __future__ import annotations

import os
from pathlib import Path

from devstack.stack import LocalStack, prepare_environment
from devstack.upload_events import poll_uploads
from devstack.webhook_events import poll_webhooks


def main() -> None:
    env = prepare_environment()
    if env["STAGE"] != "local":
        raise SystemExit(f"the local stack runs only with STAGE=local (STAGE is {env['STAGE']})")
    LocalStack(
        state_dir=Path(env.get("LOCAL_STATE_DIR", ".local")),
        aws_port=int(env["LOCAL_AWS_PORT"]),
        http_port=int(os.environ.get("PORT", "8000")),
        background=[poll_uploads, poll_webhooks],
        jobs_every=float(env.get("LOCAL_JOBS_SECONDS", "30")),
    ).run()


if __name__ == "__main__":
    main()
