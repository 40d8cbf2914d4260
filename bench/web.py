"""The website's budgets on the local stack in headless Chromium (printed, not asserted):

1. JavaScript of the first page: every script `/` loads before any interaction, gzipped
   (target <= 100 KB), signed out (it becomes the login page) and signed in (Create).
2. Largest Contentful Paint of `/` and `/library` for a person with 50 generations
   (made through the API with the local image provider), the median of several cold
   loads, from a PerformanceObserver on 'largest-contentful-paint' (target < 1.5 s).
3. The API calls (`/v1/*`) each page makes before its first paint and by the end of its
   load (target <= 3 before first paint: no waterfalls).

Needs the built site (web/dist: `make run` or `make test` builds it); builds nothing.

Run: .venv/bin/python bench/web.py"""

from __future__ import annotations

import gzip
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, BrowserContext, sync_playwright  # noqa: E402

from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS, SITE_INDEX, VIEWPORT  # noqa: E402
from tests.support.local_stack import StackProcess  # noqa: E402

GENERATIONS = 50
LOADS = 5
JS_TARGET_KB = 100
LCP_TARGET_MS = 1500
CALLS_TARGET = 3
PAGES = ("/", "/library", "/billing", "/account", "/privacy", "/legal/privacy")
PASSWORD = "correct horse battery staple"
EMAIL = "bench-web@example.com"

# Before any page script: keep the latest LCP candidate where the bench can read it.
OBSERVE_LCP = """
window.__lcp = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__lcp = entry.startTime;
}).observe({type: 'largest-contentful-paint', buffered: true});
"""
API_CALLS = """() => {
  const paint = performance.getEntriesByName('first-paint')[0];
  const api = performance.getEntriesByType('resource')
    .filter((entry) => new URL(entry.name).pathname.startsWith('/v1/'));
  return {
    first_paint: paint ? paint.startTime : null,
    before_paint: paint ? api.filter((entry) => entry.startTime < paint.startTime).length : null,
    on_load: api.length,
  };
}"""


def person_with_generations(base: str) -> None:
    """A verified person on the Studio plan (bought through the checkout simulator: the
    free plan admits 10 generations a minute) with GENERATIONS finished generations."""
    with httpx.Client(base_url=base, timeout=60) as api:
        policy = api.get("/v1/legal/privacy").json()["version"]
        body = {"email": EMAIL, "password": PASSWORD, "name": "Bench", "birth_date": "1990-01-01"}
        token = api.post("/v1/auth/signup", json={**body, "accept_policy_version": policy})
        api.headers["Authorization"] = f"Bearer {token.json()['token']}"
        api.cookies.clear()
        mail = next(m for m in api.get("/v1/dev/outbox").json()["data"] if m["to"] == EMAIL)
        code = re.search(r"\b(\d{6})\b", mail["body"])[1]  # type: ignore[index]
        api.post("/v1/auth/verify-email", json={"code": code}).raise_for_status()
        checkout = api.post("/v1/billing/checkout", json={"product_id": "plan_studio"})
        api.post(checkout.json()["checkout_url"], json={"outcome": "paid"}).raise_for_status()
        made = 0
        while made < GENERATIONS:
            answer = api.post(
                "/v1/generations", json={"prompt": f"bench picture {made}", "quality": "low"}
            )
            if answer.status_code == 429:
                time.sleep(0.5)
                continue
            answer.raise_for_status()
            made += 1
        while len(succeeded(api)) < GENERATIONS:
            time.sleep(0.5)


def succeeded(api: httpx.Client) -> list[Any]:
    listed = api.get("/v1/generations", params={"status": "succeeded", "limit": 100})
    return list(listed.json()["data"])


def signed_in(browser: Browser, base: str) -> BrowserContext:
    context = browser.new_context(base_url=base, viewport=VIEWPORT)
    answer = context.request.post("/v1/auth/login", data={"email": EMAIL, "password": PASSWORD})
    assert answer.ok, answer.text()
    choice = {"functional": True, "analytics": False, "marketing": False}
    assert context.request.put("/v1/consent", data=choice, headers={"Origin": base}).ok
    return context


def first_page_js(context: BrowserContext) -> tuple[int, int]:
    """(files, gzipped bytes) of the scripts `/` loads until the network is idle."""
    scripts: dict[str, bytes] = {}
    page = context.new_page()
    page.on(
        "response",
        lambda r: (
            scripts.setdefault(r.url, r.body()) if r.request.resource_type == "script" else None
        ),
    )
    page.goto("/", wait_until="networkidle")
    page.close()
    return len(scripts), sum(len(gzip.compress(body, 9)) for body in scripts.values())


def load(context: BrowserContext, path: str) -> dict[str, Any]:
    page = context.new_page()
    page.add_init_script(OBSERVE_LCP)
    page.goto(path, wait_until="networkidle")
    figures: dict[str, Any] = page.evaluate(API_CALLS)
    figures["lcp"] = page.evaluate("() => window.__lcp")
    page.close()
    return figures


@contextmanager
def stack() -> Iterator[str]:
    if not SITE_INDEX.exists():
        raise SystemExit(f"{SITE_INDEX} is missing: build the site first (make run builds it)")
    with tempfile.TemporaryDirectory() as state:
        process = StackProcess(Path(state) / "state").start()
        try:
            yield process.url
        finally:
            process.stop()


def main() -> None:
    with stack() as base, sync_playwright() as driver:
        started = time.perf_counter()
        person_with_generations(base)
        print(f"{GENERATIONS} generations made in {time.perf_counter() - started:.1f} s")
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        visitor = browser.new_context(base_url=base, viewport=VIEWPORT)
        for who, context in (("signed out", visitor), ("signed in", signed_in(browser, base))):
            files, size = first_page_js(context)
            print(
                f"first page JS ({who}): {files} files, {size / 1000:.1f} KB gzipped "
                f"(target <= {JS_TARGET_KB} KB)"
            )
            context.close()
        for path in PAGES:
            runs = []
            for _ in range(LOADS):  # each a cold load: a fresh context, an empty cache
                context = signed_in(browser, base)
                runs.append(load(context, path))
                context.close()
            lcp = statistics.median(run["lcp"] for run in runs)
            before = max(run["before_paint"] or 0 for run in runs)
            print(
                f"{path}: LCP {lcp:.0f} ms (median of {LOADS}, target < {LCP_TARGET_MS}); "
                f"API calls before first paint at most {before} (target <= {CALLS_TARGET}), "
                f"by the end of the load at most {max(run['on_load'] for run in runs)}"
            )
        browser.close()


if __name__ == "__main__":
    main()
