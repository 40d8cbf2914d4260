"""The one way to substitute a piece: before its first use, or `replace` to rebuild."""

import pytest

from chalicelib.config import get_settings
from chalicelib.domain.policy import PolicyRegistry
from chalicelib.services import Services


def test_a_substitute_set_before_first_use_is_used():
    services = Services(get_settings())
    fake = PolicyRegistry.load()
    services.overrides["policies"] = fake
    assert services.policies is fake


def test_a_substitute_set_after_first_use_raises_instead_of_being_ignored():
    services = Services(get_settings())
    services.policies  # noqa: B018 (built: now in use)
    with pytest.raises(RuntimeError, match="already in use"):
        services.overrides["policies"] = PolicyRegistry.load()


def test_replace_rebuilds_what_was_built_with_the_old_piece():
    services = Services(get_settings())
    first = services.policies
    fake = PolicyRegistry.load()
    services.replace("policies", fake)
    assert services.policies is fake and services.policies is not first
