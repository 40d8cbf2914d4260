"""The workflow pages with `prefers-color-scheme: dark` and reduced motion: the editor
showing a 422 beside its field, and a finished run, have no serious or critical axe
violation (contrast is the usual casualty)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.flows import GLOSSY, described_error, saved_workflow
from tests.browser.harness import axe_violations, screenshot, wait_loaded
from tests.browser.people import signed_up

pytestmark = pytest.mark.browser

FINISHED = 60_000  # ms: a run of 2 generations on the local image provider


def test_the_editor_and_a_run_in_dark_mode(open_page, base):
    page, journal = open_page(color_scheme="dark", reduced_motion="reduce")
    signed_up(page.context, base, "dark-flows")
    workflow_id = saved_workflow(page, base, GLOSSY)
    page.goto(f"/workflows/{workflow_id}")
    journal.expect(422, f"/v1/workflows/{workflow_id}")
    name = page.get_by_role("textbox", name="Workflow name")
    name.fill("")
    page.get_by_role("button", name="Save workflow").click()
    expect(name).to_have_attribute("aria-invalid", "true")
    assert "at least 1 character" in described_error(name)
    expect(page.get_by_text("Not run yet.")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("textbox", name="subject", exact=True).fill("pyramid")
    page.get_by_role("combobox", name="color", exact=True).select_option("blue")
    page.get_by_role("button", name="Run workflow").click()
    expect(page.get_by_role("status", name="Run status")).to_have_text(
        "Succeeded", timeout=FINISHED
    )
    expansion = page.get_by_role("list", name="Expansions").get_by_role(
        "listitem", name="subject: pyramid, color: blue"
    )
    wait_loaded(expansion.get_by_role("img", name="a blue pyramid", exact=True))
    wait_loaded(expansion.get_by_role("img", name="make the pyramid glossy", exact=True))
    assert axe_violations(page) == []
    screenshot(page, "workflow-run-dark")
