"""The browser tier's machinery: Debian's Chromium driven by Playwright, a journal of what
must never happen on a journey (console errors, uncaught exceptions, failed requests),
axe-core run inside the page, and the screenshots of each page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import ConsoleMessage, Locator, Page, Request, Response

ROOT = Path(__file__).resolve().parents[2]
SITE_INDEX = ROOT / "web" / "dist" / "index.html"
SCREENSHOTS = ROOT / "web" / "screenshots"
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}

# Chromium reports every HTTP error answer to fetch() as this console error, with the
# request's URL as the message's location.
HTTP_ERROR_LOG = re.compile(r"Failed to load resource: the server responded with a status of (\d+)")
# A request the browser itself gave up on purpose: the page navigated away while it was
# in flight, a download took its body over, or the page's own AbortController ended it.
ABORTED = "net::ERR_ABORTED"


@dataclass
class Journal:
    """What went wrong on one page. A test that provokes an error answer on purpose (a 422
    of a form, the 401 of a signed-out visit) declares it with `expect`; anything else
    fails the test."""

    problems: list[str] = field(default_factory=list)
    expected: set[tuple[int, str]] = field(default_factory=set)
    expected_failures: set[str] = field(default_factory=set)

    def watch(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"uncaught: {error}"))
        page.on("requestfailed", self._request_failed)
        page.on("response", self._response)

    def expect(self, status: int, path: str) -> None:
        self.expected.add((status, path))

    def expect_failure(self, path: str) -> None:
        """A request to `path` whose answer the test itself makes the network lose."""
        self.expected_failures.add(path)

    def _is_expected(self, status: int, url: str) -> bool:
        return (status, urlsplit(url).path) in self.expected

    def _console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        logged = HTTP_ERROR_LOG.match(message.text)
        url = message.location.get("url", "")
        lost = message.text.startswith("Failed to load resource: net::")
        if lost and urlsplit(url).path in self.expected_failures:
            return
        if logged and self._is_expected(int(logged[1]), url):
            return
        self.problems.append(f"console error: {message.text} ({url})")

    def _request_failed(self, request: Request) -> None:
        if request.failure == ABORTED or urlsplit(request.url).path in self.expected_failures:
            return
        self.problems.append(f"request failed: {request.method} {request.url}: {request.failure}")

    def _response(self, response: Response) -> None:
        if response.status >= 400 and not self._is_expected(response.status, response.url):
            self.problems.append(
                f"error answer: {response.request.method} {response.url} -> {response.status}"
            )


def axe_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now. The page's CSP
    allows only same-origin script files, so axe is evaluated through the DevTools protocol
    (which CSP does not govern) rather than added as a script tag."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(f"() => {{ {AXE_SOURCE.read_text()}\n}}")
    results: dict[str, Any] = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def tab_to(locator: Locator, presses: int = 60) -> None:
    """Press Tab until `locator` has the focus, as a keyboard-only person moves."""
    for _ in range(presses):
        locator.page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {locator}")


def wait_loaded(image: Locator) -> None:
    """Until the image's file has arrived and decoded (visible is not enough)."""
    image.page.wait_for_function(
        "image => image.complete && image.naturalWidth > 0", arg=image.element_handle()
    )


def shown_and_drawn_ratios(image: Locator) -> tuple[float, float]:
    """Width / height of the image as laid out on the page and of its file."""
    shown, drawn = image.evaluate(
        "image => [image.clientWidth / image.clientHeight,"
        " image.naturalWidth / image.naturalHeight]"
    )
    return float(shown), float(drawn)


def screenshot(page: Page, name: str, full_page: bool = False) -> None:
    """web/screenshots/<name>.png (the viewport, or the whole page), overwritten each run;
    the committed set is the last run's."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)
