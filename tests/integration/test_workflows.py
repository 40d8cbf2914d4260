"""Presets and saved workflows through the API: the built-in styles, a preset on a
generation (its template wraps the prompt, its params are defaults the request
overrides), and workflows' create, read, list, versioned change, delete and their 422s
per field, saved only when valid for each step's model."""

import pytest

from chalicelib.domain.presets import PRESETS
from tests.support.generations import wait_done


@pytest.fixture
def token(api):
    return api.verified_user("flow@example.com")


def chain(**overrides):
    body = {
        "name": "Postcards",
        "variables": [
            {"name": "city", "type": "text", "max_length": 40},
            {"name": "season", "type": "enum", "options": ["spring", "winter"]},
        ],
        "steps": [
            {
                "id": "base",
                "kind": "generate",
                "prompt": "{{city}} in {{season}}",
                "params": {"n": 2},
                "preset_id": "watercolor",
            },
            {
                "id": "sky",
                "kind": "edit",
                "prompt": "make the sky red",
                "input": {"step": "base", "index": "each"},
            },
        ],
    }
    return body | overrides


def fields(response):
    assert response.status == 422, response.json
    return {e["field"] for e in response.json["errors"]}


def test_presets_are_listed_with_templates_and_params(api):
    response = api.get("/v1/presets")
    assert response.status == 200
    presets = response.json["data"]
    assert len(presets) >= 12
    assert {p["id"] for p in presets} == set(PRESETS)
    assert all("{prompt}" in p["prompt_template"] for p in presets)
    product = next(p for p in presets if p["id"] == "product_white")
    assert product["params"] == {"quality": "high", "background": "opaque"}


def test_a_preset_wraps_the_prompt_and_its_params_are_overridable_defaults(api, token):
    body = {"prompt": "a teapot", "preset_id": "portrait", "quality": "low"}
    quote = api.post("/v1/generations/quote", body, token=token)
    assert quote.status == 200, quote.json
    assert (quote.json["breakdown"]["size"], quote.json["breakdown"]["quality"]) == (
        "1024x1536",
        "low",
    )
    created = api.post("/v1/generations", body, token=token)
    assert created.status == 202, created.json
    assert created.json["prompt"] == PRESETS["portrait"].prompt_template.replace(
        "{prompt}", "a teapot"
    )
    assert created.json["params"]["size"] == "1024x1536"  # the preset's default
    assert created.json["params"]["quality"] == "low"  # the request's own
    assert wait_done(api, token, created.json["id"])["status"] == "succeeded"


def test_an_unknown_preset_answers_422_and_creates_nothing(api, token):
    body = {"prompt": "a teapot", "preset_id": "nope"}
    assert fields(api.post("/v1/generations", body, token=token)) == {"preset_id"}
    assert api.get("/v1/generations", token=token).json["data"] == []


def test_braces_in_a_prompt_are_text_for_the_template(api, token):
    body = {"prompt": "a sign reading {x} {prompt}", "preset_id": "line_art"}
    created = api.post("/v1/generations", body, token=token)
    assert created.status == 202, created.json
    assert "a sign reading {x} {prompt}" in created.json["prompt"]


def test_workflow_crud_with_versions(api, token):
    created = api.post("/v1/workflows", chain(), token=token)
    assert created.status == 201, created.json
    workflow = created.json
    assert workflow["id"].startswith("wfl_") and workflow["version"] == 1
    assert created.header("location") == f"/v1/workflows/{workflow['id']}"
    assert workflow["steps"][1]["input"] == {"step": "base", "index": "each"}
    assert workflow["steps"][0]["preset_id"] == "watercolor"
    assert workflow["variables"][0] == {
        "name": "city",
        "type": "text",
        "required": True,
        "max_length": 40,
    }
    path = f"/v1/workflows/{workflow['id']}"
    assert api.get(path, token=token).json == workflow
    patched = api.patch(path, {"name": "Cards"}, token=token)
    assert patched.status == 200, patched.json
    assert (patched.json["name"], patched.json["version"]) == ("Cards", 2)
    assert patched.json["steps"] == workflow["steps"]
    again = api.patch(path, {"description": "for friends"}, token=token).json
    assert (again["version"], again["description"], again["name"]) == (3, "for friends", "Cards")
    listed = api.get("/v1/workflows", token=token).json
    assert [w["id"] for w in listed["data"]] == [workflow["id"]]
    assert listed["data"][0]["version"] == 3
    assert api.delete(path, token=token).status == 204
    assert api.get(path, token=token).status == 404
    assert api.delete(path, token=token).status == 404


def test_another_users_workflow_is_not_found(api, token):
    path = f"/v1/workflows/{api.post('/v1/workflows', chain(), token=token).json['id']}"
    other = api.verified_user("other@example.com")
    assert api.get(path, token=other).status == 404
    assert api.patch(path, {"name": "mine"}, token=other).status == 404
    assert api.delete(path, token=other).status == 404
    assert api.get("/v1/workflows", token=other).json["data"] == []
    assert api.get(path, token=token).json["version"] == 1


def test_each_problem_is_named_by_its_field(api, token):
    body = chain(
        variables=[
            {"name": "city", "type": "text"},
            {"name": "city", "type": "enum", "options": ["a", "a"], "default": "b"},
            {"name": "photo", "type": "image"},
        ],
        steps=[
            {
                "id": "base",
                "kind": "generate",
                "prompt": "{{town}} and {{photo}} {{ x }}",
                "params": {"size": "100x100", "background": "transparent"},
            },
            {"id": "base", "kind": "edit", "prompt": "x", "input": {"step": "later", "index": 0}},
            {"id": "pick", "kind": "edit", "prompt": "x", "input": {"step": "base", "index": 3}},
            {
                "id": "var",
                "kind": "edit",
                "prompt": "x",
                "input": {"variable": "city"},
                "preset_id": "nope",
            },
        ],
    )
    assert fields(api.post("/v1/workflows", body, token=token)) == {
        "variables[1].name",
        "variables[1].options",
        "variables[1].default",
        "steps[0].prompt",
        "steps[0].params.size",
        "steps[0].params.background",
        "steps[1].id",
        "steps[1].input.step",
        "steps[2].input.index",
        "steps[3].input.variable",
        "steps[3].preset_id",
    }
    assert api.get("/v1/workflows", token=token).json["data"] == []


def test_step_shape_rules_answer_422(api, token):
    no_input = chain(steps=[{"id": "a", "kind": "edit", "prompt": "x"}])
    assert fields(api.post("/v1/workflows", no_input, token=token)) == {"steps[0].input"}
    with_input = chain(
        steps=[{"id": "a", "kind": "generate", "prompt": "x", "input": {"variable": "v"}}],
        variables=[{"name": "v", "type": "image"}],
    )
    assert fields(api.post("/v1/workflows", with_input, token=token)) == {"steps[0].input"}
    five = chain(steps=[{"id": f"s{i}", "kind": "generate", "prompt": "x"} for i in range(5)])
    assert fields(api.post("/v1/workflows", five, token=token)) == {"steps"}
    images = chain(
        steps=[
            {
                "id": "a",
                "kind": "generate",
                "prompt": "x",
                "params": {"input_images": ["upl_" + "0" * 26]},
            }
        ]
    )
    refused = fields(api.post("/v1/workflows", images, token=token))
    assert refused == {"steps[0].params.input_images"}
    plan = chain(
        steps=[{"id": "a", "kind": "generate", "prompt": "x", "params": {"size": "3840x2160"}}]
    )
    assert fields(api.post("/v1/workflows", plan, token=token)) == {"steps[0].params.size"}


def test_a_patch_is_checked_whole_and_keeps_the_version_when_refused(api, token):
    path = f"/v1/workflows/{api.post('/v1/workflows', chain(), token=token).json['id']}"
    broken = {"variables": []}  # the prompt's {{city}} and {{season}} name nothing now
    assert fields(api.patch(path, broken, token=token)) == {"steps[0].prompt"}
    assert api.get(path, token=token).json["version"] == 1
    unknown = api.patch(path, {"version": 7}, token=token)
    assert fields(unknown) == {"version"}
