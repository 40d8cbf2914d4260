"""The site as a whole: links that survive a reload, protected routes, the security headers
of the HTML, a session that lives in the HttpOnly cookie only, and the cookie banner
(a choice that sticks, Global Privacy Control honoured)."""

from __future__ import annotations

import re
import time

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.people import (
    NAME,
    PASSWORD,
    new_email,
    policy_version,
    signed_up,
    verification_code,
)

pytestmark = pytest.mark.browser

GPC_SCRIPT = "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true})"


def consent_saved(response) -> bool:
    return response.url.endswith("/v1/consent") and response.request.method == "PUT"


def api_account(base: str, label: str) -> str:
    """An account made over plain HTTP (not in the browser): the browser only logs in."""
    email = new_email(label)
    with httpx.Client(base_url=base, timeout=30) as client:
        created = client.post(
            "/v1/auth/signup",
            json={
                "email": email,
                "password": PASSWORD,
                "name": NAME,
                "birth_date": "1990-01-01",
                "accept_policy_version": policy_version(base),
            },
        )
        assert created.status_code == 201, created.text
        bearer = {"Authorization": f"Bearer {created.json()['token']}"}
        code = verification_code(base, email)
        assert client.post("/v1/auth/verify-email", json={"code": code}, headers=bearer).is_success
    return email


def log_in(page: Page, email: str) -> dict:
    page.get_by_role("textbox", name="Email").fill(email)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    with page.expect_response("**/v1/auth/login") as answer:
        page.get_by_role("button", name="Log in").click()
    assert answer.value.status == 200
    return dict(answer.value.json())


def test_a_deep_link_reloaded_lands_on_the_same_page(open_page, base):
    page, _ = open_page()
    signed_up(page.context, base, "deeplink")
    created = page.request.post(
        "/v1/generations", data={"prompt": "a red kite"}, headers={"Origin": base}
    )
    assert created.status == 202, created.text()
    detail = f"/library/{created.json()['id']}"
    page.goto(detail)
    expect(page.get_by_role("button", name="Use as input")).to_be_visible()
    page.reload()
    expect(page).to_have_url(f"{base}{detail}")
    expect(page.get_by_role("button", name="Use as input")).to_be_visible()

    page.goto("/legal/privacy")
    page.reload()
    expect(page.get_by_role("heading", name="Privacy Policy")).to_be_visible()


def test_a_signed_out_visit_goes_to_login_and_back(open_page, base):
    page, _ = open_page()
    email = api_account(base, "comeback")
    page.goto("/billing")
    expect(page).to_have_url(re.compile(r"/login"))
    log_in(page, email)
    expect(page).to_have_url(f"{base}/billing")
    expect(page.get_by_role("table", name="Ledger")).to_be_visible()


def test_forgot_and_reset_the_password(open_page, base):
    """The emailed link opens /reset?token=; the new password is the one that logs in."""
    page, _ = open_page()
    email = api_account(base, "forgetful")
    page.goto("/login")
    page.get_by_role("link", name="Forgot password?").click()
    page.get_by_role("textbox", name="Email").fill(email)
    page.get_by_role("button", name="Send reset link").click()
    link = reset_link(base, email)
    assert link.startswith(f"{base}/reset?token=")
    page.goto(link)
    page.get_by_role("textbox", name="New password").fill("an entirely new passphrase")
    page.get_by_role("button", name="Set new password").click()
    page.get_by_role("main").get_by_role("link", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/login"))
    page.get_by_role("textbox", name="Email").fill(email)
    page.get_by_role("textbox", name="Password").fill("an entirely new passphrase")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Generate")).to_be_visible()


def reset_link(base: str, email: str) -> str:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for mail in httpx.get(f"{base}/v1/dev/outbox", timeout=10).json()["data"]:
            found = re.search(r"https?://\S+/reset\?token=[\w-]+", mail["body"])
            if mail["to"] == email and found:
                return found[0]
        time.sleep(0.2)
    raise AssertionError(f"no reset link for {email}")


def test_the_html_carries_the_security_headers(open_page):
    page, _ = open_page()
    for path in ("/", "/library", "/legal/privacy"):
        response = page.goto(path)
        assert response is not None and response.ok
        headers = response.headers
        assert headers["content-type"].startswith("text/html")
        policy = {
            directive.split()[0]: directive.split()[1:]
            for directive in headers["content-security-policy"].split(";")
            if directive.strip()
        }
        script_src = policy.get("script-src", policy.get("default-src"))
        assert script_src and "'unsafe-inline'" not in script_src, policy
        assert "'unsafe-eval'" not in script_src
        assert policy["frame-ancestors"] == ["'none'"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"]


def test_no_token_in_web_storage_after_login(open_page, base):
    page, _ = open_page()
    email = api_account(base, "storage")
    page.goto("/login")
    token = log_in(page, email)["token"]
    expect(page.get_by_role("button", name="Generate")).to_be_visible()
    readable = page.evaluate(
        "() => JSON.stringify([{...localStorage}, {...sessionStorage}, document.cookie])"
    )
    assert token not in readable
    session = [
        c for c in page.context.cookies() if c["value"] == token or c["name"].endswith("session")
    ]
    assert session and all(c["httpOnly"] for c in session)
    assert all(c["value"] not in readable for c in session)


def test_reject_all_is_remembered(open_page):
    page, _ = open_page()
    page.goto("/login")
    with page.expect_response(consent_saved) as answer:
        page.get_by_role("button", name="Reject all").click()
    assert answer.value.json()["categories"] == {
        "necessary": True,
        "functional": False,
        "analytics": False,
        "marketing": False,
    }
    expect(page.get_by_role("button", name="Reject all")).to_have_count(0)
    # The banner would come after the page's GET /v1/consent: look once the network is quiet.
    page.reload(wait_until="networkidle")
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    expect(page.get_by_role("button", name="Accept all")).to_have_count(0)
    page.goto("/signup", wait_until="networkidle")
    expect(page.get_by_role("button", name="Create account")).to_be_visible()
    expect(page.get_by_role("button", name="Reject all")).to_have_count(0)


def gpc_page(open_page) -> Page:
    page, _ = open_page(extra_http_headers={"Sec-GPC": "1"})
    page.add_init_script(GPC_SCRIPT)
    page.goto("/login")
    expect(page.get_by_text(re.compile(r"Global Privacy Control", re.I)).first).to_be_visible()
    return page


def test_global_privacy_control_turns_marketing_off(open_page):
    page = gpc_page(open_page)
    with page.expect_response(consent_saved) as answer:
        page.get_by_role("button", name="Accept all").click()
    consent = answer.value.json()
    assert consent["categories"]["marketing"] is False and consent["categories"]["analytics"]
    assert consent["gpc"] is True and consent["method"] == "gpc"

    page = gpc_page(open_page)
    page.get_by_role("button", name="Customize").click()
    expect(page.get_by_role("switch", name="Analytics")).to_be_visible()
    expect(page.get_by_role("switch", name="Marketing")).not_to_be_checked()
