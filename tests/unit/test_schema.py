from chalicelib.api.schema import obj, validate

SIGNUP = obj(
    {
        "email": {"type": "string", "format": "email"},
        "birth": {"type": "string", "format": "date"},
        "n": {"type": "integer", "minimum": 1, "maximum": 10},
        "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 2},
        "kind": {"type": "string", "enum": ["a", "b"]},
    },
    ("email",),
)


def fields(value):
    return {e.field: e.message for e in validate(value, SIGNUP)}


def test_valid_object_has_no_errors():
    assert (
        fields({"email": "a@b.co", "birth": "2000-02-29", "n": 3, "tags": ["x"], "kind": "a"}) == {}
    )


def test_required_unknown_and_type_errors_are_reported_per_field():
    errors = fields({"n": "3", "extra": 1})
    assert errors == {
        "email": "is required",
        "n": "must be of type integer",
        "extra": "is not a known field",
    }


def test_bool_is_not_an_integer_and_bounds_apply():
    assert "n" in fields({"email": "a@b.co", "n": True})
    assert fields({"email": "a@b.co", "n": 11}) == {"n": "must be <= 10"}


def test_formats_enums_and_arrays():
    errors = fields({"email": "nope", "birth": "2001-02-30", "kind": "c", "tags": [1, 2, 3]})
    assert set(errors) == {"email", "birth", "kind", "tags"}
    assert fields({"email": "a@b.co", "tags": ["ok", 5]}) == {"tags[1]": "must be of type string"}


def test_non_object_body_is_rejected():
    assert [e.field for e in validate([1], SIGNUP)] == ["body"]
