"""Print the API's OpenAPI document (what `GET /v1/openapi.json` serves) without a
running server: `python scripts/dump_openapi.py > openapi.json`. It is the public API of
every stage; the local stack's own dev routes (`/v1/dev/*`) are not in it, since only
the stack registers them. The website's client types are generated from it
(`make web-client`)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    # The local stage, with its defaults: no AWS account or deployed configuration needed.
    os.environ["STAGE"] = "local"
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    import app  # noqa: F401 (registers every route)
    from chalicelib.api.openapi import build_document
    from chalicelib.config import get_settings

    json.dump(build_document(get_settings()), sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
