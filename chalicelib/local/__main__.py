"""`python -m chalicelib.local`: start the embedded local stack (what `make run` does)."""

from __future__ import annotations

import os
from pathlib import Path

from chalicelib.local.stack import LocalStack, prepare_environment
from chalicelib.local.upload_events import poll_uploads


def main() -> None:
    env = prepare_environment()
    LocalStack(
        state_dir=Path(env.get("LOCAL_STATE_DIR", ".local")),
        aws_port=int(env["LOCAL_AWS_PORT"]),
        http_port=int(os.environ.get("PORT", "8000")),
        background=[poll_uploads],
    ).run()


if __name__ == "__main__":
    main()
