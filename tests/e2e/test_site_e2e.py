"""The local stack serves the built website (`web/dist`, which `make test` and `make run`
build) at `/` beside the API: files with their types and cache rules, client-side routes
answered with index.html, never a `/v1` path, and the site's security headers on all."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from chalicelib.site_headers import site_headers

pytestmark = pytest.mark.e2e
DIST = Path(__file__).resolve().parents[2] / "web" / "dist"


@pytest.fixture(scope="module")
def index_html() -> str:
    index = DIST / "index.html"
    assert index.is_file(), "web/dist is not built: `make test` builds it (npm run build in web/)"
    return index.read_text()


def assert_site_headers(response: httpx.Response, aws: str) -> None:
    csp = response.headers["Content-Security-Policy"]
    # Pages connect to the stack's WebSocket server (live updates), on its own port.
    sockets = tuple(w.rstrip(";") for w in csp.split() if w.startswith("ws://127.0.0.1:"))
    assert len(sockets) == 1, csp
    for name, value in site_headers((aws,), https=False, socket_origins=sockets).items():
        assert response.headers[name] == value, name
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP locally


def test_the_index_is_served_at_the_root(http, local_stack, index_html):
    response = http.get("/")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.text == index_html
    assert_site_headers(response, local_stack["aws"])


DEEP_LINKS = ["/library/gen_123", "/billing?checkout=success", "/legal/privacy"]


@pytest.mark.parametrize("path", DEEP_LINKS)
def test_a_deep_link_falls_back_to_the_index(http, local_stack, index_html, path):
    response = http.get(path)
    assert response.status_code == 200
    assert response.text == index_html
    assert response.headers["Cache-Control"] == "no-cache"
    assert_site_headers(response, local_stack["aws"])


def test_a_hashed_asset_is_served_with_its_type_and_cached_for_good(http, local_stack, index_html):
    script = re.search(r'<script type="module" crossorigin src="(/assets/[^"]+\.js)"', index_html)
    style = re.search(r'<link rel="stylesheet" crossorigin href="(/assets/[^"]+\.css)"', index_html)
    assert script and style, index_html
    for path, media_type in ((script[1], "text/javascript"), (style[1], "text/css")):
        response = http.get(path)
        assert response.status_code == 200
        assert response.headers["Content-Type"].split(";")[0] == media_type
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response.content == (DIST / path.lstrip("/")).read_bytes()
        assert_site_headers(response, local_stack["aws"])
    head = http.head(script[1])
    assert head.status_code == 200 and head.content == b""
    assert head.headers["Content-Length"] == str((DIST / script[1].lstrip("/")).stat().st_size)


def test_a_missing_asset_is_not_the_index(http, index_html):
    response = http.get("/assets/missing-0000.js")
    assert response.status_code == 404
    assert response.text != index_html


@pytest.mark.parametrize("path", ["/v1/nope", "/v1", "/v1/generations/gen_1/nope"])
def test_api_paths_never_fall_back_to_the_site(http, path):
    response = http.get(path)
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "not_found"


def test_the_app_keeps_its_own_routes_outside_v1(http):
    response = http.get("/.well-known/gpc.json")
    assert response.status_code == 200
    assert response.json()["gpc"] is True


def test_no_path_escapes_the_site_directory(http, index_html):
    for path in ("/../pyproject.toml", "/%2e%2e/pyproject.toml", "/assets/..%2f..%2fMakefile"):
        response = http.get(path)
        assert "[tool." not in response.text and "PYTHON ?=" not in response.text
