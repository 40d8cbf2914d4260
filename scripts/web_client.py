"""Generate the website's API types (`web/src/api/schema.d.ts`) from the OpenAPI document
the API serves, with openapi-typescript from web/node_modules: `make web-client`.
`--out PATH` writes elsewhere (the drift test compares a fresh copy with the checked-in
one)."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "web"
SCHEMA = WEB / "src" / "api" / "schema.d.ts"


def generate(out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        document = Path(tmp) / "openapi.json"
        with document.open("w") as sink:
            subprocess.run(
                [sys.executable, str(ROOT / "scripts" / "dump_openapi.py")], stdout=sink, check=True
            )
        tool = WEB / "node_modules" / ".bin" / "openapi-typescript"
        subprocess.run(
            [str(tool), str(document), "-o", str(out)],
            cwd=WEB,
            check=True,
            capture_output=True,
            timeout=300,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=SCHEMA)
    generate(parser.parse_args().out)


if __name__ == "__main__":
    main()
