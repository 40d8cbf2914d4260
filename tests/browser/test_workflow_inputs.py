"""An image variable: an edit step reads it (the editor shows "Variable photo" as the
step's input), the run panel takes a library generation's id for it, and the run's
edit has that image as its parent; deleted from the library, it shows as deleted."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.flows import group, saved_workflow
from tests.browser.harness import axe_violations, wait_loaded
from tests.browser.people import finished_generation, signed_up

pytestmark = pytest.mark.browser

FINISHED = 60_000  # ms: a run of one generation on the local image provider
RECOLOR = {
    "name": "Recolor",
    "variables": [{"name": "photo", "type": "image"}],
    "steps": [
        {
            "id": "s1",
            "kind": "edit",
            "prompt": "make it blue",
            "params": {"quality": "low"},
            "input": {"variable": "photo"},
        }
    ],
}


def test_an_image_variable_from_the_library(open_page, base):
    page, journal = open_page()
    signed_up(page.context, base, "recolor")
    source = finished_generation(page.context, base, "a white vase")
    workflow_id = saved_workflow(page, base, RECOLOR)
    page.goto(f"/workflows/{workflow_id}")
    variable = group(page, "Variable 1")
    expect(variable.get_by_role("combobox", name="Variable type")).to_have_value("image")
    expect(variable.get_by_role("textbox", name="Default")).to_have_count(0)
    step = group(page, "Step 1")
    expect(step.get_by_role("combobox", name="Input")).to_have_value("variable:photo")
    expect(step.get_by_role("combobox", name="Input").locator("option:checked")).to_have_text(
        "Variable photo"
    )
    expect(page.get_by_role("checkbox", name="Vary photo")).to_have_count(0)

    page.get_by_role("textbox", name="photo", exact=True).fill(source)
    page.get_by_role("button", name="Run workflow").click()
    expect(page.get_by_role("status", name="Run status")).to_have_text(
        "Succeeded", timeout=FINISHED
    )
    expansion = page.get_by_role("list", name="Expansions").get_by_role(
        "listitem", name=f"photo: {source} #1"
    )
    image = expansion.get_by_role("img", name="make it blue", exact=True)
    wait_loaded(image)
    assert axe_violations(page) == []
    run_id = page.url.rsplit("/", 1)[1]
    run = page.request.get(f"{base}/v1/workflow-runs/{run_id}").json()
    assert run["inputs"] == {"photo": {"generation_id": source, "index": 0}}
    (edit_id,) = run["expansions"][0]["steps"][0]["generation_ids"]
    edit = page.request.get(f"{base}/v1/generations/{edit_id}").json()
    assert edit["parent"] == {"generation_id": source, "index": 0}
    assert edit["workflow_run_id"] == run_id

    # Deleted from the library since: the run view says so, and stops asking.
    deleted = page.request.delete(f"{base}/v1/generations/{edit_id}", headers={"Origin": base})
    assert deleted.status == 204, deleted.text()
    journal.expect(404, f"/v1/generations/{edit_id}")
    page.reload()
    expect(expansion.get_by_text("Deleted", exact=True)).to_be_visible()
    expect(expansion.get_by_role("img")).to_have_count(0)
