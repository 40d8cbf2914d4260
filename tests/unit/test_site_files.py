"""Which file of the built site answers a path (devstack.site), on a site made here."""

from __future__ import annotations

from pathlib import Path

import pytest

from devstack.site import IMMUTABLE, REVALIDATE, Site, is_api_path

MEDIA = ("http://127.0.0.1:4566",)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>index</title>")
    (tmp_path / "assets" / "index-abc123.js").write_text("export {}")
    (tmp_path / "favicon.svg").write_text("<svg/>")
    (tmp_path / ".env").write_text("SECRET=1")
    return Site(tmp_path, MEDIA)


def test_files_have_their_type_and_cache_rule(site):
    script = site.answer("/assets/index-abc123.js?v=1")
    assert script is not None and script.body == b"export {}"
    assert script.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert script.headers["Cache-Control"] == IMMUTABLE
    icon = site.answer("/favicon.svg")
    assert icon is not None and icon.headers["Content-Type"] == "image/svg+xml"
    assert icon.headers["Cache-Control"] == REVALIDATE
    assert "frame-ancestors 'none'" in icon.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    "path", ["/", "/library/gen_1", "/reset?token=abc", "/billing/", "/developers"]
)
def test_client_routes_answer_the_index(site, path):
    answer = site.answer(path)
    assert answer is not None and answer.status == 200
    assert answer.body.startswith(b"<!doctype html>")
    assert answer.headers["Cache-Control"] == REVALIDATE


@pytest.mark.parametrize("path", ["/assets/missing.js", "/.env", "/assets/%2e%2e/.env", "/x.png"])
def test_a_missing_or_hidden_file_answers_nothing(site, path):
    assert site.answer(path) is None


def test_an_unbuilt_site_says_so(tmp_path):
    answer = Site(tmp_path / "dist", MEDIA).answer("/library")
    assert answer is not None and answer.status == 503
    assert b"make run" in answer.body


@pytest.mark.parametrize(
    ("path", "api"), [("/v1", True), ("/v1/me", True), ("/v1x", False), ("/", False)]
)
def test_v1_is_the_apis(path, api):
    assert is_api_path(path) is api
