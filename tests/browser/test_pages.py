"""Every page of UI.md, as the person who can see it: axe-core finds no serious or
critical violation (the cookie banner included, on a first visit), and the page is
saved to web/screenshots/<page>.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import axe_violations, screenshot
from tests.browser.people import finished_generation, new_email, policy_version, signed_up

pytestmark = pytest.mark.browser

PROMPT = "a watercolor fox in the snow"
MORE_PROMPTS = ("a paper boat on a pond", "a city skyline at night, neon")  # a fuller library

# name, path ({id} = a finished generation), who sees it, a fixed name it shows
PAGES = [
    ("signup", "/signup", "visitor", ("button", "Create account")),
    ("login", "/login", "visitor", ("button", "Log in")),
    ("forgot", "/forgot", "visitor", ("button", "Send reset link")),
    ("reset", "/reset?token=not-a-real-token", "visitor", ("button", "Set new password")),
    ("legal-privacy", "/legal/privacy", "visitor", ("heading", "Privacy Policy")),
    ("verify", "/verify", "unverified", ("button", "Verify")),
    ("create", "/", "member", ("button", "Generate")),
    ("library", "/library", "member", ("img", PROMPT)),
    ("library-detail", "/library/{id}", "member", ("link", "Download")),
    ("workflows", "/workflows", "member", ("button", "New workflow")),
    ("billing", "/billing", "member", ("table", "Ledger")),
    ("account", "/account", "member", ("button", "Change password")),
    ("privacy", "/privacy", "member", ("button", "Download my data")),
    ("developers", "/developers", "member", ("button", "Create key")),
]


def unverified(page: Page, base: str) -> None:
    created = page.request.post(
        "/v1/auth/signup",
        data={
            "email": new_email("unverified"),
            "password": "correct horse battery staple",
            "name": "Not Yet",
            "birth_date": "1990-01-01",
            "accept_policy_version": policy_version(base),
        },
    )
    assert created.status == 201, created.text()
    choice = {"functional": True, "analytics": False, "marketing": False}
    assert page.request.put("/v1/consent", data=choice, headers={"Origin": base}).ok


def assert_accessible(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize(("name", "path", "who", "shows"), PAGES, ids=[p[0] for p in PAGES])
def test_page_is_accessible(open_page, base, name, path, who, shows):
    page, _ = open_page()
    if who == "unverified":
        unverified(page, base)
    elif who == "member":
        signed_up(page.context, base, name)
        for prompt in MORE_PROMPTS if name == "library" else ():
            finished_generation(page.context, base, prompt)
        path = path.format(id=finished_generation(page.context, base, PROMPT))
    page.goto(path)
    role, label = shows
    expect(page.get_by_role(role, name=label).first).to_be_visible()
    if who == "visitor":  # a first visit: the cookie banner is part of the page
        expect(page.get_by_role("button", name="Reject all")).to_be_visible()
        assert_accessible(page)
        if name == "login":
            screenshot(page, "cookie-banner")
        page.get_by_role("button", name="Reject all").click()
    page.wait_for_load_state("networkidle")
    assert_accessible(page)
    screenshot(page, name)


def test_dark_mode_pages_are_accessible(open_page, base):
    """The same checks with `prefers-color-scheme: dark` (contrast is the usual casualty)."""
    page, _ = open_page(color_scheme="dark", reduced_motion="reduce")
    signed_up(page.context, base, "dark")
    finished_generation(page.context, base, PROMPT)
    for name, path in (("create", "/"), ("library", "/library")):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert_accessible(page)
        screenshot(page, f"{name}-dark")
