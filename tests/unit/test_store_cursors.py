"""The one store cursor format: a DynamoDB key, checked for shape and partition."""

import pytest

from chalicelib.adapters import cursors
from chalicelib.errors import InvalidInput

NAMES = frozenset({"user_id", "generation_id"})
KEY = {"user_id": {"S": "usr_a"}, "generation_id": {"S": "gen_1"}}


def test_a_key_comes_back_as_it_went_in():
    token = cursors.encode(KEY)
    assert cursors.decode(token, NAMES, {"user_id": "usr_a"}) == KEY
    assert cursors.encode(None) is None and cursors.decode(None, NAMES, {}) is None


@pytest.mark.parametrize(
    "key",
    [
        {"user_id": {"S": "usr_b"}, "generation_id": {"S": "gen_1"}},  # another partition
        {"user_id": {"S": "usr_a"}},  # an attribute missing
        {**KEY, "status": {"S": "queued"}},  # an attribute more
        {"user_id": {"S": "usr_a"}, "generation_id": {"M": {}}},  # not a string or number
        {"user_id": {"S": "usr_a"}, "generation_id": {"S": 1}},
    ],
)
def test_a_key_of_another_shape_or_partition_is_refused(key):
    with pytest.raises(InvalidInput):
        cursors.decode(cursors.encode(key), NAMES, {"user_id": "usr_a"})


@pytest.mark.parametrize("token", ["%%%", "bm90IGpzb24", "W10", "²"])
def test_garbage_is_refused(token):
    with pytest.raises(InvalidInput):
        cursors.decode(token, NAMES, {})
