"""The workflows list pages: 20 at a time, newest first, and "Load more" brings the rest
(the API's cursor), each entry opening its editor."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.flows import GLOSSY, saved_workflow
from tests.browser.harness import tab_to
from tests.browser.people import signed_up

pytestmark = pytest.mark.browser


def test_load_more_pages_the_workflows(open_page, base):
    page, _ = open_page()
    signed_up(page.context, base, "many-flows")
    ids = [saved_workflow(page, base, {**GLOSSY, "name": f"Flow {n:02}"}) for n in range(21)]
    page.goto("/workflows")
    entries = page.get_by_role("list", name="Workflows").get_by_role("link")
    expect(entries).to_have_count(20)
    expect(entries.first).to_contain_text("Flow 20")
    more = page.get_by_role("button", name="Load more")
    tab_to(more)
    page.keyboard.press("Enter")
    expect(entries).to_have_count(21)
    expect(more).to_have_count(0)
    oldest = entries.last
    expect(oldest).to_contain_text("Flow 00")
    expect(oldest).to_contain_text("Version 1 · 2 steps")
    oldest.click()
    expect(page).to_have_url(f"{base}/workflows/{ids[0]}")
    expect(page.get_by_role("textbox", name="Workflow name")).to_have_value("Flow 00")
