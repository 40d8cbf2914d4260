"""The rest of the pages' controls, by role and accessible name, most pressed with the
keyboard alone (Tab, then Enter): cancel a generation (its credits come back), a library
image used as input, a generation deleted, processing restricted and the restriction
lifted, the published retention and sub-processors, the policy dialog, a 429 that says
when to retry, and the subscription portal."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from playwright.sync_api import Locator, Page, Route, expect

from tests.browser.harness import tab_to
from tests.browser.people import PASSWORD, finished_generation, signed_up

pytestmark = pytest.mark.browser

FINISHED = 30_000  # ms: a generation on the local image provider, a job run


def press(button: Locator) -> None:
    """With the keyboard: Tab to the button, then Enter."""
    tab_to(button)
    button.page.keyboard.press("Enter")


def balance(page: Page) -> int:
    return int(page.request.get("/v1/billing").json()["credits"]["available"])


def test_cancel_a_generation_and_get_the_credits_back(open_page, base):
    page, _ = open_page()
    signed_up(page.context, base, "canceler")
    before = balance(page)
    page.goto("/")
    page.get_by_role("textbox", name="Prompt").fill("a slow sunrise")
    expect(page.get_by_text(re.compile(r"^\d+ credits?$")).first).to_be_visible()
    with page.expect_response(lambda r: r.url.endswith("/v1/generations")) as created:
        page.get_by_role("button", name="Generate").click()
    assert created.value.json()["status"] in ("queued", "running")
    with page.expect_response(lambda r: r.url.endswith("/cancel")) as canceled:
        page.get_by_role("button", name="Cancel").click()  # at once, while it is queued
    assert canceled.value.ok, canceled.value.text()
    expect(page.get_by_text("Canceled", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Cancel")).to_have_count(0)
    expect(page.get_by_role("link", name=f"Balance: {before}")).to_be_visible()
    assert balance(page) == before


def test_use_a_library_image_as_input(open_page, base):
    page, _ = open_page()
    signed_up(page.context, base, "reuser")
    made = finished_generation(page.context, base, "a paper boat")
    page.goto(f"/library/{made}")
    press(page.get_by_role("button", name="Use as input"))
    expect(page).to_have_url(f"{base}/")
    expect(page.get_by_role("img", name="Input image 1: a paper boat")).to_be_visible()
    expect(page.get_by_role("textbox", name="Prompt")).to_have_value("a paper boat")
    expect(page.get_by_role("button", name="Paint mask")).to_be_enabled()  # upload ready
    expect(page.get_by_role("button", name="Generate")).to_be_enabled()


def test_delete_a_generation_from_the_library(open_page, base):
    page, _ = open_page()
    signed_up(page.context, base, "tidy")
    kept = finished_generation(page.context, base, "a kept drawing")
    gone = finished_generation(page.context, base, "a discarded drawing")
    page.goto(f"/library/{gone}")
    with page.expect_response(lambda r: r.request.method == "DELETE") as deleted:
        press(page.get_by_role("button", name="Delete"))
    assert deleted.value.ok, deleted.value.text()
    expect(page).to_have_url(f"{base}/library")
    expect(page.get_by_role("img", name="a kept drawing")).to_be_visible()
    expect(page.get_by_role("img", name="a discarded drawing")).to_have_count(0)
    listed = page.request.get("/v1/generations").json()["data"]
    assert [g["id"] for g in listed] == [kept]


def test_restrict_processing_then_lift_the_restriction(open_page, base):
    page, _ = open_page()
    signed_up(page.context, base, "restrictor")
    page.goto("/privacy")
    press(page.get_by_role("button", name="Restrict processing"))
    expect(page.get_by_role("button", name="Lift restriction")).to_be_visible()
    assert page.request.get("/v1/me").json()["restricted"] is True
    press(page.get_by_role("button", name="Lift restriction"))
    expect(page.get_by_role("button", name="Restrict processing")).to_be_visible()
    assert page.request.get("/v1/me").json()["restricted"] is False


def test_the_retention_table_and_sub_processors_are_shown(open_page, base):
    page, _ = open_page()
    signed_up(page.context, base, "reader")
    page.goto("/privacy")
    retention = httpx.get(f"{base}/v1/legal/retention", timeout=10).json()["data"]
    processors = httpx.get(f"{base}/v1/legal/subprocessors", timeout=10).json()["data"]
    assert retention and processors
    table = page.get_by_role("table", name="How long we keep your data")
    for kept in retention:
        expect(table.get_by_role("cell", name=kept["category"], exact=True)).to_be_visible()
    listed = page.get_by_role("table", name="Sub-processors")
    for processor in processors:
        expect(listed.get_by_role("cell", name=processor["name"], exact=True)).to_be_visible()


def test_a_new_policy_version_is_accepted_in_the_dialog(open_page, base):
    """The stack serves one policy version (a new one is a file in chalicelib/legal that
    takes effect on its date), so the session's answer is made to say a new version
    awaits acceptance until the page accepts it; the acceptance itself is the API's."""
    page, _ = open_page()
    signed_up(page.context, base, "policy")

    def needs_acceptance(route: Route) -> None:
        answer = route.fetch()
        session = answer.json()
        policy = {**session["user"]["policy"], "accepted_version": None, "needs_acceptance": True}
        session["user"]["policy"] = policy
        route.fulfill(response=answer, body=json.dumps(session))

    page.route(f"{base}/v1/auth/session", needs_acceptance)
    page.goto("/")
    dialog = page.get_by_role("dialog", name="Our privacy policy changed")
    expect(dialog).to_be_visible()
    # Modal: the rest of the page is inert until the new version is accepted.
    assert dialog.evaluate("dialog => dialog.matches(':modal')")
    expect(dialog.get_by_role("link", name="privacy policy")).to_have_attribute(
        "href", "/legal/privacy"
    )
    page.unroute(f"{base}/v1/auth/session")
    with page.expect_request("**/v1/me/policy-acceptance") as accepted:
        press(dialog.get_by_role("button", name="Accept"))
    current = page.request.get("/v1/legal/privacy").json()["version"]
    assert accepted.value.post_data_json == {"version": current}
    expect(dialog).to_have_count(0)
    page.get_by_role("textbox", name="Prompt").fill("after accepting")  # usable again


def test_many_wrong_passwords_say_when_to_retry(open_page, base):
    page, journal = open_page()
    email = signed_up(page.context, base, "guesser")
    journal.expect(401, "/v1/auth/login")
    journal.expect(429, "/v1/auth/login")
    page.context.clear_cookies()
    page.goto("/login")
    page.get_by_role("textbox", name="Email").fill(email)
    page.get_by_role("textbox", name="Password").fill(f"not {PASSWORD}")
    for _ in range(10):  # five free failures, one more that starts a delay, then 429
        with page.expect_response("**/v1/auth/login") as answer:
            page.get_by_role("button", name="Log in").click()
        if answer.value.status == 429:
            break
        assert answer.value.status == 401, answer.value.text()
    assert answer.value.status == 429
    wait = int(answer.value.headers["retry-after"])
    assert wait > 0
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(answer.value.json()["detail"])
    expect(alert).to_contain_text(f"try again in {wait} seconds")


def test_manage_subscription_opens_the_portal(open_page, base):
    page, _ = open_page()
    signed_up(page.context, base, "subscriber")
    page.goto("/billing")
    with page.expect_response("**/v1/billing/portal") as portal:
        press(page.get_by_role("button", name="Manage subscription"))
    assert portal.value.ok, portal.value.text()
    # The local Stripe stand-in's portal hands straight back to the billing page.
    expect(page).to_have_url(re.compile(r"/billing\?portal=local&customer=\w+"))
    expect(page.get_by_role("status")).to_contain_text("no Stripe customer portal")
    expect(page.get_by_role("button", name="Manage subscription")).to_be_visible()
