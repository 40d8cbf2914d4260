"""A workflow run's quote: the matrix expanded as a Cartesian product, each expansion's
steps priced as the generations they make (an edit of "each" output makes one per
image), the same credits a single generation's quote gives, and the limits (10
expansions, 40 generations) and input checks answered 422 per field."""

import pytest

from chalicelib.domain.presets import PRESETS
from tests.integration.test_workflows import chain, fields

FAKE_UPLOAD = "upl_" + "0" * 26


@pytest.fixture
def token(api):
    return api.verified_user("quote@example.com")


@pytest.fixture
def workflow(api, token):
    created = api.post("/v1/workflows", chain(), token=token)
    assert created.status == 201, created.json
    return created.json["id"]


def single(api, token, body):
    response = api.post("/v1/generations/quote", body, token=token)
    assert response.status == 200, response.json
    return response.json["credits"]


def test_a_2x2_matrix_quotes_every_generation_of_every_expansion(api, token, workflow):
    matrix = {"city": ["Paris", "Oslo"], "season": ["spring", "winter"]}
    response = api.post(f"/v1/workflows/{workflow}/runs/quote", {"matrix": matrix}, token=token)
    assert response.status == 200, response.json
    quote = response.json
    assert len(quote["breakdown"]) == 4
    assert [e["inputs"] for e in quote["breakdown"]] == [
        {"city": "Paris", "season": "spring"},
        {"city": "Paris", "season": "winter"},
        {"city": "Oslo", "season": "spring"},
        {"city": "Oslo", "season": "winter"},
    ]
    template = PRESETS["watercolor"].prompt_template
    expected = 0
    for expansion in quote["breakdown"]:
        base, sky = expansion["steps"]
        prompt = template.replace("{prompt}", "{city} in {season}".format(**expansion["inputs"]))
        base_each = single(api, token, {"prompt": prompt, "n": 2})
        sky_each = single(api, token, {"prompt": "make the sky red", "input_images": [FAKE_UPLOAD]})
        assert base == {"step_id": "base", "generations": 1, "credits": base_each}
        assert sky == {"step_id": "sky", "generations": 2, "credits": 2 * sky_each}
        expected += base_each + 2 * sky_each
    assert (quote["credits"], quote["generations"]) == (expected, 12)


def test_inputs_defaults_and_an_edit_of_one_index(api, token):
    body = chain(
        variables=[{"name": "mood", "type": "text", "default": "calm"}],
        steps=[
            {"id": "a", "kind": "generate", "prompt": "a {{mood}} sea", "params": {"n": 3}},
            {"id": "b", "kind": "edit", "prompt": "add a boat", "input": {"step": "a", "index": 1}},
        ],
    )
    workflow = api.post("/v1/workflows", body, token=token).json["id"]
    quote = api.post(f"/v1/workflows/{workflow}/runs/quote", {}, token=token).json
    [expansion] = quote["breakdown"]
    assert expansion["inputs"] == {"mood": "calm"}
    assert [s["generations"] for s in expansion["steps"]] == [1, 1]
    given = api.post(
        f"/v1/workflows/{workflow}/runs/quote", {"inputs": {"mood": "stormy"}}, token=token
    ).json
    assert given["breakdown"][0]["inputs"] == {"mood": "stormy"}


def test_the_limits_answer_422_on_the_matrix(api, token, workflow):
    path = f"/v1/workflows/{workflow}/runs/quote"
    cities = [f"c{i}" for i in range(6)]
    eleven = {"matrix": {"city": cities, "season": ["spring", "winter"]}}  # 12 expansions
    assert fields(api.post(path, eleven, token=token)) == {"matrix"}
    many = chain(
        steps=[
            {"id": "a", "kind": "generate", "prompt": "{{city}}", "params": {"n": 5}},
            {"id": "b", "kind": "edit", "prompt": "x", "input": {"step": "a", "index": "each"}},
        ],
        variables=[{"name": "city", "type": "text"}],
    )
    big = api.post("/v1/workflows", many, token=token).json["id"]
    seven = {"matrix": {"city": [f"c{i}" for i in range(7)]}}  # 7 x 6 = 42 generations
    assert fields(api.post(f"/v1/workflows/{big}/runs/quote", seven, token=token)) == {"matrix"}
    six = {"matrix": {"city": [f"c{i}" for i in range(6)]}}  # 36
    assert api.post(f"/v1/workflows/{big}/runs/quote", six, token=token).json["generations"] == 36


def test_inputs_are_checked_against_the_variables(api, token, workflow):
    path = f"/v1/workflows/{workflow}/runs/quote"
    assert fields(api.post(path, {}, token=token)) == {"inputs.city", "inputs.season"}
    wrong = {
        "inputs": {"city": "x" * 41, "season": "autumn", "nope": "1"},
        "matrix": {"city": ["Rome"]},
    }
    assert fields(api.post(path, wrong, token=token)) == {
        "inputs.city",
        "inputs.season",
        "inputs.nope",
        "matrix.city",
    }
    other = api.verified_user("someone@example.com")
    body = {"inputs": {"city": "Rome", "season": "spring"}}
    assert api.post(path, body, token=other).status == 404
    assert api.post(path, body, token=token).status == 200


def test_an_image_variable_takes_an_upload_or_an_output_but_is_no_axis(api, token):
    body = chain(
        variables=[{"name": "photo", "type": "image"}],
        steps=[{"id": "a", "kind": "edit", "prompt": "x", "input": {"variable": "photo"}}],
    )
    path = f"/v1/workflows/{api.post('/v1/workflows', body, token=token).json['id']}/runs/quote"
    upload = {"inputs": {"photo": FAKE_UPLOAD}}
    assert api.post(path, upload, token=token).json["generations"] == 1
    output = {"inputs": {"photo": {"generation_id": "gen_" + "0" * 26, "index": 0}}}
    assert api.post(path, output, token=token).json["generations"] == 1
    for wrong in ("a cat", "upl_short"):
        assert fields(api.post(path, {"inputs": {"photo": wrong}}, token=token)) == {"inputs.photo"}
    axis = {"matrix": {"photo": [FAKE_UPLOAD]}}
    assert "matrix.photo" in fields(api.post(path, axis, token=token))
