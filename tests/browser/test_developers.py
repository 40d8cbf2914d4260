"""The /developers page, by role and accessible name: an API key created with two scopes
(the password asked again when the session is not fresh), shown once and copied, that
works against the API within its scopes (and not on the account's own routes) until it
is revoked in the page; a webhook endpoint refused with its 422 beside the URL, then
created for a receiver on 127.0.0.1, its secret shown once, a test event sent that the
receiver gets signed (Standard Webhooks) and that the deliveries table lists as
succeeded; the page in dark mode and at a phone's width passes axe."""

from __future__ import annotations

import json
import time

import httpx
import pytest
from playwright.sync_api import Page, Route, expect
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from tests.browser.flows import described_error
from tests.browser.harness import axe_violations, screenshot
from tests.browser.people import PASSWORD, signed_up
from tests.browser.receiver import webhook_receiver

pytestmark = pytest.mark.browser

CLIPBOARD = ["clipboard-read", "clipboard-write"]
REAUTH = {
    "type": "about:blank",
    "title": "Reauthentication required",
    "status": 401,
    "code": "reauth_required",
    "detail": "Confirm your password (POST /v1/auth/reauth) first.",
}
DELIVERED = 60  # s: the local stack polls its webhook queue in the background


def stale_session_once(page: Page) -> None:
    """The first key creation answers 401 `reauth_required`, as a session older than the
    fresh window would (a fresh signup's session is fresh)."""

    answered: list[str] = []

    def answer(route: Route) -> None:
        if route.request.method != "POST" or answered:
            route.fallback()
            return
        answered.append(route.request.url)
        route.fulfill(status=401, content_type="application/problem+json", body=json.dumps(REAUTH))

    page.route("**/v1/api-keys", answer)


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_an_api_key_is_created_shown_once_works_and_is_revoked(open_page, base):
    page, journal = open_page(permissions=CLIPBOARD)
    signed_up(page.context, base, "developers")
    page.goto("/developers")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Developers").click()
    expect(page.get_by_role("heading", name="API keys")).to_be_visible()
    expect(page.get_by_text("No API keys yet.")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("textbox", name="Key name").fill("nightly batch")
    page.get_by_role("checkbox", name="generations:read").check()
    page.get_by_role("checkbox", name="library").check()
    stale_session_once(page)
    journal.expect(401, "/v1/api-keys")
    page.get_by_role("button", name="Create key").click()
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()

    shown = page.get_by_role("textbox", name="New API key")
    expect(shown).to_be_visible()
    key = shown.input_value()
    assert key.startswith("gi2_sk_")
    expect(shown).to_have_attribute("readonly", "")
    expect(page.get_by_text("it will not be shown again")).to_be_visible()
    page.get_by_role("button", name="Copy key").click()
    expect(page.get_by_role("status").filter(has_text="Copied")).to_be_visible()
    assert page.evaluate("() => navigator.clipboard.readText()") == key

    keys = page.get_by_role("list", name="API keys")
    item = keys.get_by_role("listitem", name="nightly batch")
    expect(keys.get_by_role("listitem")).to_have_count(1)
    expect(item).to_contain_text("generations:read, library")
    expect(item).to_contain_text(key[:12])
    assert key not in item.inner_text()  # the list shows the prefix, never the secret
    assert axe_violations(page) == []
    screenshot(page, "developers-key-created")

    # The key works within its scopes, never on the account's own routes.
    assert httpx.get(f"{base}/v1/generations", headers=bearer(key), timeout=10).status_code == 200
    refused = httpx.get(f"{base}/v1/api-keys", headers=bearer(key), timeout=10)
    assert refused.status_code == 403 and refused.json()["code"] == "api_key_not_allowed"
    assert httpx.get(f"{base}/v1/me", headers=bearer(key), timeout=10).status_code == 403

    # Reloaded, the secret is gone; the key is listed.
    page.reload()
    expect(item).to_be_visible()
    expect(page.get_by_role("textbox", name="New API key")).to_have_count(0)

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke nightly batch").click()
    expect(item).to_have_count(0)
    expect(page.get_by_text("No API keys yet.")).to_be_visible()
    assert httpx.get(f"{base}/v1/generations", headers=bearer(key), timeout=10).status_code == 401


def test_a_webhook_endpoint_gets_a_signed_test_event(open_page, base):
    page, journal = open_page(permissions=CLIPBOARD)
    signed_up(page.context, base, "webhooks")
    page.goto("/developers")
    expect(page.get_by_role("heading", name="Webhook endpoints")).to_be_visible()
    url = page.get_by_role("textbox", name="Endpoint URL")

    # A URL the API refuses: its 422 lands beside the field.
    journal.expect(422, "/v1/webhook-endpoints")
    url.fill("http://example.com/hooks")
    page.get_by_role("checkbox", name="generation.succeeded").check()
    page.get_by_role("button", name="Add endpoint").click()
    expect(url).to_have_attribute("aria-invalid", "true")
    assert "https://" in described_error(url)

    with webhook_receiver() as receiver:
        url.fill(receiver.url)
        page.get_by_role("textbox", name="Description").fill("Local receiver")
        page.get_by_role("checkbox", name="workflow_run.completed").check()
        page.get_by_role("button", name="Add endpoint").click()
        secret_box = page.get_by_role("textbox", name="Signing secret")
        expect(secret_box).to_be_visible()
        secret = secret_box.input_value()
        assert secret.startswith("whsec_")
        page.get_by_role("button", name="Copy secret").click()
        expect(page.get_by_role("status").filter(has_text="Copied")).to_be_visible()

        endpoints = page.get_by_role("list", name="Webhook endpoints")
        item = endpoints.get_by_role("listitem", name=receiver.url)
        expect(item).to_contain_text("generation.succeeded, workflow_run.completed")
        expect(item).to_contain_text("Enabled")
        assert secret not in item.inner_text()

        item.get_by_role("button", name="Send test event").click()
        expect(item.get_by_role("status").filter(has_text="Test event queued")).to_be_visible()
        (ping,) = receiver.wait_for(1, timeout=DELIVERED)

    assert ping.path == "/hooks"
    event = Webhook(secret).verify(ping.body, ping.headers)
    assert event["type"] == "ping"
    assert ping.headers["webhook-signature"].startswith("v1,")
    with pytest.raises(WebhookVerificationError):  # any other secret fails the check
        Webhook("whsec_" + "A" * 32).verify(ping.body, ping.headers)

    item.get_by_role("button", name="Show deliveries").click()
    deliveries = item.get_by_role("table", name="Deliveries")
    row = deliveries.get_by_role("row").filter(has_text="ping")
    deadline = time.monotonic() + DELIVERED
    while "Succeeded" not in (row.first.inner_text() if row.count() else ""):
        assert time.monotonic() < deadline, "the delivery never shows as succeeded"
        page.wait_for_timeout(500)
        item.get_by_role("button", name="Refresh deliveries").click()
    expect(row).to_contain_text("200")
    expect(row.get_by_role("button", name="Retry")).to_have_count(0)
    assert axe_violations(page) == []
    screenshot(page, "developers-webhooks", full_page=True)

    item.get_by_role("button", name="Disable").click()
    expect(item).to_contain_text("Disabled")
    item.get_by_role("button", name="Enable").click()
    expect(item).to_contain_text("Enabled")
    page.once("dialog", lambda dialog: dialog.accept())
    item.get_by_role("button", name=f"Delete {receiver.url}").click()
    expect(item).to_have_count(0)


def test_the_page_in_dark_mode_and_at_a_phone_width(open_page, base):
    page, _ = open_page(color_scheme="dark", reduced_motion="reduce", permissions=CLIPBOARD)
    signed_up(page.context, base, "developers-dark")
    page.goto("/developers")
    page.get_by_role("textbox", name="Key name").fill("dark key")
    page.get_by_role("checkbox", name="generations:write").check()
    page.get_by_role("button", name="Create key").click()
    expect(page.get_by_role("textbox", name="New API key")).to_be_visible()
    expect(page.get_by_role("list", name="API keys").get_by_role("listitem")).to_have_count(1)
    assert axe_violations(page) == []
    screenshot(page, "developers-dark", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.get_by_role("button", name="Revoke dark key")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "developers-mobile", full_page=True)
