"""Pure rules: parameter validation, pricing from the one table, the ASL definition."""

import json

import pytest

from chalicelib.domain.catalogue import FREE, PLANS
from chalicelib.domain.image_models import (
    Background,
    GenerationParams,
    ImageModelId,
    OutputFormat,
    Quality,
    validate_params,
)
from chalicelib.domain.pricing import output_tokens, quote
from chalicelib.errors import InvalidInput
from chalicelib.workflow import definition

STUDIO = PLANS["plan_studio"].entitlements


ENUMS = {
    "model": ImageModelId,
    "quality": Quality,
    "background": Background,
    "output_format": OutputFormat,
}


def params(body):
    """The parameters a request body gives (absent fields take their defaults)."""
    return GenerationParams(**{k: ENUMS[k](v) if k in ENUMS else v for k, v in body.items()})


def fields(body, plan=STUDIO):
    with pytest.raises(InvalidInput) as caught:
        validate_params(params(body), plan)
    return {e.field for e in caught.value.errors}


def test_defaults():
    checked = validate_params(params({}), FREE)
    assert (checked.model, checked.size, checked.quality, checked.n) == (
        "gpt-image-2",
        "1024x1024",
        "auto",
        1,
    )
    assert checked.output_format == "png"


@pytest.mark.parametrize(
    ("size", "ok"),
    [
        ("2048x1152", True),
        ("3840x2160", True),
        ("1000x1000", False),  # not multiples of 16
        ("4096x1024", False),  # long edge and ratio
        ("3840x1072", False),  # ratio > 3:1
        ("512x512", False),  # too few pixels
    ],
)
def test_gpt_image_2_flexible_sizes(size, ok):
    if ok:
        assert validate_params(params({"size": size}), STUDIO).size == size
    else:
        assert fields({"size": size}) == {"size"}


def test_model_specific_and_plan_limits():
    assert fields({"model": "gpt-image-1.5", "size": "2048x2048"}) == {"size"}
    assert validate_params(params({"model": "gpt-image-1.5", "background": "transparent"}), STUDIO)
    assert fields({"background": "transparent"}) == {"background"}
    assert fields({"quality": "high"}, FREE) == {"quality"}
    assert fields({"size": "3840x2160"}, FREE) == {"size"}
    assert fields({"n": 11}) == {"n"}
    assert fields({"mask": "upl_x"}) == {"mask"}
    assert fields({"output_format": "png", "output_compression": 50}) == {"output_compression"}


def test_prices_follow_tokens_and_scale_with_n_and_size():
    assert output_tokens("gpt-image-1.5", "1024x1024", "high") == 4160
    assert output_tokens("gpt-image-2", "auto", "auto") == 1584
    assert output_tokens("gpt-image-2", "2048x2048", "medium") == 4 * 1056
    one = quote(validate_params(params({}), STUDIO), "x", 1.5).credits
    four = quote(validate_params(params({"n": 4}), STUDIO), "x", 1.5).credits
    assert one >= 1 and 3 * one <= four <= 4 * one + 1


def test_the_definition_names_every_step_and_retries_with_jitter():
    arns = {name: f"arn:{name}" for name in definition.STEP_HANDLERS.values()}
    rendered = json.loads(definition.render(arns))
    states = rendered["States"]
    assert states["Moderate"]["Parameters"]["FunctionName"] == "arn:generation_moderate"
    for name in ("Moderate", "Generate", "Finalize"):
        assert states[name]["Catch"][0]["Next"] == "Release"
        for retry in states[name]["Retry"]:
            assert retry["JitterStrategy"] == "FULL" and retry["MaxDelaySeconds"] > 0
    assert rendered["TimeoutSeconds"] == definition.timeout_seconds()
    from app import app

    assert set(definition.STEP_HANDLERS.values()) <= set(app.handler_map)


def test_edit_inputs_are_named_for_their_real_format():
    import io

    from PIL import Image

    from chalicelib.adapters.image_providers import input_filename

    def encoded(fmt):
        out = io.BytesIO()
        Image.new("RGB", (4, 4)).save(out, fmt)
        return out.getvalue()

    assert input_filename(0, encoded("PNG")) == "input-0.png"
    assert input_filename(1, encoded("JPEG")) == "input-1.jpg"
    assert input_filename(2, encoded("WEBP")) == "input-2.webp"


def test_handled_outcomes_succeed_and_only_a_failed_release_fails_the_execution():
    states = definition.load_definition()["States"]
    assert states[states["Release"]["Next"]]["Type"] == "Succeed"
    # Every way into a Fail state: only Release's own Catch (its retries exhausted).
    into_fail = [
        (name, how)
        for name, state in states.items()
        for how, target in [("Next", state.get("Next"))]
        + [("Catch", c["Next"]) for c in state.get("Catch", [])]
        if target is not None and states[target]["Type"] == "Fail"
    ]
    assert into_fail == [("Release", "Catch")]


def test_every_state_payload_is_the_generation_id_alone():
    """Step Functions keeps the history 90 days, past an erasure: no user id in it."""
    states = definition.load_definition()["States"]
    tasks = {name: state for name, state in states.items() if state["Type"] == "Task"}
    assert tasks
    for name, state in tasks.items():
        payload = state["Parameters"]["Payload"]
        assert payload["generation_id.$"] == "$.generation_id", name
        assert set(payload) <= {"generation_id.$", "error.$"}, name
