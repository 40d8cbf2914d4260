"""The website's API types are generated from the OpenAPI document: the checked-in
`web/src/api/schema.d.ts` is what `make web-client` writes today, so a change to the API
that the site's client does not follow fails here (run `make web-client`)."""

from __future__ import annotations

from pathlib import Path

from scripts.web_client import SCHEMA, WEB, generate


def test_the_checked_in_client_types_match_the_api(tmp_path: Path) -> None:
    assert (WEB / "node_modules" / ".bin" / "openapi-typescript").exists(), (
        "web/node_modules is missing: `make test` runs npm ci in web/"
    )
    fresh = tmp_path / "schema.d.ts"
    generate(fresh)
    assert fresh.read_text() == SCHEMA.read_text(), "the API changed: run `make web-client`"
