"""The browser tier: the website of `web/dist` served by one local stack (a subprocess of
`python -m devstack`, as `make run` starts it, and as the e2e tier runs it), driven by one
headless Debian Chromium for the session; each test gets fresh browser contexts, and
fails if any of its pages logged a console error, threw, or saw a failed request."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

from tests.browser.harness import (
    AXE_SOURCE,
    CHROMIUM,
    CHROMIUM_ARGS,
    SITE_INDEX,
    VIEWPORT,
    Journal,
)
from tests.support.local_stack import StackProcess

OpenPage = Callable[..., tuple[Page, Journal]]
TIMEOUT = 10_000  # ms: every action and expectation (the machine is shared)
expect.set_options(timeout=TIMEOUT)


def _require(path: Any, how: str) -> None:
    if not path.exists():
        pytest.fail(f"{path} is missing: {how}", pytrace=False)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StackProcess]:
    _require(SITE_INDEX, "build the website first (`make test` and `make run` build it)")
    _require(AXE_SOURCE, "install the Node tooling first (`npm ci` at the root)")
    process = StackProcess(
        tmp_path_factory.mktemp("browser-stack") / "state",
        # Deletions run at once so the journey can be followed to the end.
        {"DELETION_GRACE_DAYS": "0"},
    ).start()
    yield process
    process.stop()


@pytest.fixture(scope="session")
def base(stack: StackProcess) -> str:
    return stack.url


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    _require(SITE_INDEX, "build the website first (`make test` and `make run` build it)")
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def journals() -> list[Journal]:
    return []


@pytest.fixture
def open_page(browser: Browser, base: str, journals: list[Journal]) -> Iterator[OpenPage]:
    """`open_page(**context_options)`: a page in a fresh context (its own cookies and
    storage) at the stack's origin; the journal of its pages can be told what to expect."""
    contexts = []

    def open_one(**options: Any) -> tuple[Page, Journal]:
        context = browser.new_context(
            base_url=base,
            viewport=VIEWPORT,
            locale="en-US",
            timezone_id="UTC",
            accept_downloads=True,
            **options,
        )
        context.set_default_timeout(TIMEOUT)
        contexts.append(context)
        journal = Journal()
        context.on("page", journal.watch)  # this page and any the site opens
        journals.append(journal)
        return context.new_page(), journal

    yield open_one
    for context in contexts:
        context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """After the test body: any problem a journal saw fails the test itself."""
    result = yield
    funcargs = getattr(item, "funcargs", {})
    problems = [p for journal in funcargs.get("journals", []) for p in journal.problems]
    assert not problems, "on the test's pages:\n" + "\n".join(problems)
    return result
