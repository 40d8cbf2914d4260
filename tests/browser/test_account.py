"""The account page with the keyboard alone: the name saved and still there after a
reload, the password changed (the new one logs in), a second device's session listed
and signed out from here (that device is then signed out), the security events, and
"Log out"."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import tab_to
from tests.browser.people import PASSWORD, signed_up

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a different passphrase entirely"


def type_into(page: Page, name: str, text: str) -> None:
    """Tab to the textbox, select what it holds and type over it."""
    tab_to(page.get_by_role("textbox", name=name))
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(text)


def test_name_and_password_changed_then_log_out_and_in(open_page, base):
    page, _ = open_page()
    email = signed_up(page.context, base, "account")
    page.goto("/account")
    type_into(page, "Name", "Renamed Person")
    tab_to(page.get_by_role("button", name="Save"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="profile is saved")).to_be_visible()
    page.reload()
    expect(page.get_by_role("textbox", name="Name")).to_have_value("Renamed Person")
    assert page.request.get("/v1/me").json()["name"] == "Renamed Person"

    type_into(page, "Current password", PASSWORD)
    type_into(page, "New password", NEW_PASSWORD)
    with page.expect_response("**/v1/auth/password/change") as changed:
        page.keyboard.press("Enter")  # submits the password form
    assert changed.value.ok, changed.value.text()
    expect(page.get_by_role("status").filter(has_text="password is changed")).to_be_visible()

    tab_to(page.get_by_role("button", name="Log out"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/login$"))
    type_into(page, "Email", email)
    type_into(page, "Password", NEW_PASSWORD)
    with page.expect_response("**/v1/auth/login") as answer:
        page.keyboard.press("Enter")
    assert answer.value.status == 200
    expect(page.get_by_role("button", name="Generate")).to_be_visible()


def test_another_session_is_listed_and_signed_out(open_page, base):
    page, _ = open_page()
    email = signed_up(page.context, base, "two-devices")
    other, other_journal = open_page()
    other.goto("/login")
    other.get_by_role("textbox", name="Email").fill(email)
    other.get_by_role("textbox", name="Password").fill(PASSWORD)
    other.get_by_role("button", name="Log in").click()
    expect(other.get_by_role("button", name="Generate")).to_be_visible()

    page.goto("/account")
    sessions = page.get_by_role("list", name="Sessions").get_by_role("listitem")
    expect(sessions).to_have_count(2)
    expect(sessions.filter(has_text="This device")).to_have_count(1)
    sign_out = page.get_by_role("button", name="Sign out", exact=True)
    expect(sign_out).to_have_count(1)  # the other session only
    with page.expect_response(lambda r: r.request.method == "DELETE") as revoked:
        tab_to(sign_out)
        page.keyboard.press("Enter")
    assert revoked.value.status == 204, revoked.value.text()
    expect(sessions).to_have_count(1)
    expect(sign_out).to_have_count(0)

    events = page.get_by_role("table", name="Security events")
    for event in ("signup", "email verified", "login", "session revoked"):
        expect(events.get_by_role("cell", name=event, exact=True).first).to_be_visible()

    other_journal.expect(401, "/v1/me")
    other.reload()
    expect(other).to_have_url(re.compile(r"/login"))
