"""Signing up in the browser as a person does: the form by its labels, the age screen, the
policy checkbox, the emailed code; with the mouse and with the keyboard alone; and the
refusals (under 13, fields the API rejects)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import tab_to
from tests.browser.people import NAME, PASSWORD, new_email, verification_code

pytestmark = pytest.mark.browser

CREATE = "/"


def dismiss_cookie_banner(page: Page) -> None:
    page.get_by_role("button", name="Reject all").click()
    expect(page.get_by_role("button", name="Reject all")).to_have_count(0)


def fill_signup(page: Page, email: str, birth_date: str, password: str = PASSWORD) -> None:
    page.get_by_role("textbox", name="Email").fill(email)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("textbox", name="Name").fill(NAME)
    page.get_by_label("Date of birth").fill(birth_date)
    page.get_by_role("checkbox", name="I accept the privacy policy").check()


def test_sign_up_read_the_code_and_verify(open_page, base):
    page, _ = open_page()
    page.goto("/signup")
    dismiss_cookie_banner(page)
    policy_link = page.get_by_role("link", name=re.compile("privacy policy", re.I))
    expect(policy_link.first).to_have_attribute("href", "/legal/privacy")
    email = new_email("signup")
    fill_signup(page, email, "1990-01-01")
    page.get_by_role("button", name="Create account").click()

    expect(page).to_have_url(re.compile(r"/verify$"))
    page.get_by_role("textbox", name="Verification code").fill(verification_code(base, email))
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("button", name="Generate")).to_be_visible()
    expect(page).to_have_url(f"{base}{CREATE}")
    me = page.request.get("/v1/me").json()
    assert me["email"] == email and me["email_verified"] is True


def test_sign_up_with_the_keyboard_alone(open_page, base):
    """Tab to move, Space to tick, Enter to submit, type into the focused field: the
    mouse is never used, and each control is reached in a sensible order."""
    page, _ = open_page()
    page.goto("/signup")
    keyboard = page.keyboard

    tab_to(page.get_by_role("button", name="Reject all"))
    keyboard.press("Enter")
    email = new_email("keyboard")
    for name, text in (("Email", email), ("Password", PASSWORD), ("Name", NAME)):
        tab_to(page.get_by_role("textbox", name=name))
        keyboard.type(text)
    tab_to(page.get_by_label("Date of birth"))
    keyboard.type("01011990")  # Chromium's date field: month, day, year segments (en-US)
    tab_to(page.get_by_role("checkbox", name="I accept the privacy policy"))
    keyboard.press("Space")
    expect(page.get_by_role("checkbox", name="I accept the privacy policy")).to_be_checked()
    tab_to(page.get_by_role("button", name="Create account"))
    keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/verify$"))
    tab_to(page.get_by_role("textbox", name="Verification code"))
    keyboard.type(verification_code(base, email))
    keyboard.press("Enter")
    expect(page.get_by_role("button", name="Generate")).to_be_visible()


def test_under_13_is_refused_neutrally_and_nothing_is_kept(open_page, base):
    page, journal = open_page()
    journal.expect(403, "/v1/auth/signup")
    page.goto("/signup")
    dismiss_cookie_banner(page)
    ten_years_ago = (datetime.now(UTC) - timedelta(days=3653)).date().isoformat()
    email = new_email("child")
    fill_signup(page, email, ten_years_ago)
    with page.expect_response("**/v1/auth/signup") as answer:
        page.get_by_role("button", name="Create account").click()
    assert answer.value.status == 403

    expect(page.get_by_role("button", name="Create account")).to_have_count(0)
    expect(page).not_to_have_url(re.compile(r"/verify"))
    stored = page.evaluate(
        "() => JSON.stringify([{...localStorage}, {...sessionStorage}, document.cookie])"
    )
    assert email not in stored and ten_years_ago not in stored and NAME not in stored
    assert page.request.get("/v1/me").status == 401


def test_validation_errors_appear_next_to_their_fields(open_page):
    """A password the API refuses (422 with `errors`): its message is the password
    field's description, where a screen reader announces it with the field."""
    page, journal = open_page()
    journal.expect(422, "/v1/auth/signup")
    page.goto("/signup")
    dismiss_cookie_banner(page)
    fill_signup(page, new_email("weak"), "1990-01-01", password="password")
    with page.expect_response("**/v1/auth/signup") as answer:
        page.get_by_role("button", name="Create account").click()
    problem = answer.value.json()
    assert answer.value.status == 422
    message = next(e["message"] for e in problem["errors"] if e["field"].endswith("password"))

    password = page.get_by_role("textbox", name="Password")
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_accessible_description(re.compile(re.escape(message)))
    expect(page).to_have_url(re.compile(r"/signup$"))
