"""Every route that ../shared/API.md names exists, with its method (the contract clients
are written against; add, never rename). Sections of later issues are pending
(tests/support/contract.py): what the app serves of them must match, the rest may wait."""

import pytest

from app import app
from tests.support import contract

# The contract's "Local stage only" routes: served as the local stack serves the app.
pytestmark = pytest.mark.usefixtures("local_app")

SUSPEND = ("POST", "/v1/admin/users/{}/suspend")
FAVORITE = ("PUT", "/v1/generations/{}/favorite")


def served_routes():
    return {(method, path) for path, methods in app.routes.items() for method in methods}


def test_every_route_named_by_the_contract_exists():
    named = contract.load()
    assert len(named.required()) > 50
    assert contract.mismatches(named, served_routes()) == []


def test_a_missing_contract_fails_the_suite(tmp_path):
    with pytest.raises(contract.ContractMissing, match=r"API\.md is missing"):
        contract.load(tmp_path / "API.md")


def test_the_pending_sections_are_sections_of_the_contract():
    named = contract.load()
    assert set(named.sections) >= contract.PENDING_SECTIONS
    typo = contract.mismatches(named, named.owners, {"Libary"})
    assert typo == ["no such section: Libary"]


def test_a_section_outside_the_pending_list_is_strict():
    named = contract.load()
    everything = set(named.owners)
    assert contract.missing(named, everything) == []
    assert contract.missing(named, everything - {SUSPEND}) == [SUSPEND]
    assert contract.missing(named, everything - {FAVORITE}, pending={"Library"}) == []
    assert contract.missing(named, everything - {FAVORITE}, pending=set()) == [FAVORITE]
    listed = ("GET", "/v1/generations")  # named by Library too; Generations keeps it required
    assert contract.missing(named, everything - {listed}, pending={"Library"}) == [listed]
    collection = [("GET", "/v1/collections/{}"), ("PATCH", "/v1/collections/{}")]
    assert contract.missing(named, everything - set(collection), pending=set()) == collection


def test_what_a_pending_section_serves_must_match_it():
    named = contract.load()
    everything = set(named.owners)
    presets = ("POST", "/v1/presets")  # the contract names only GET
    assert contract.unmatched(named, everything | {presets}, {"Creative workflows"}) == [presets]
    renamed = ("POST", "/v1/generations/{generation_id}/favorite")  # the contract says PUT
    assert contract.unmatched(named, everything | {renamed}, {"Library"}) == [
        ("POST", "/v1/generations/{}/favorite")
    ]
    extra = ("POST", "/v1/admin/reports/{id}/confirm")  # added beside the contract: allowed
    assert contract.unmatched(named, everything | {extra}, {"Library"}) == []
