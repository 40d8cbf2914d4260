"""Every route that ../shared/API.md names exists, with its method (the contract clients
are written against; add, never rename). Sections of later issues are pending
(tests/support/contract.py): what the app serves of them must match, the rest may wait."""

import pytest

from app import app
from tests.support import contract


def served_routes():
    routes = app.routes.items()
    return {(method, contract.normalized(path)) for path, methods in routes for method in methods}


def test_every_route_named_by_the_contract_exists():
    named = contract.load()
    assert len(named.required()) > 50
    assert contract.mismatches(named, served_routes()) == []


def test_a_missing_contract_fails_the_suite(tmp_path):
    with pytest.raises(contract.ContractMissing, match=r"API\.md is missing"):
        contract.load(tmp_path / "API.md")


def test_sections_outside_the_pending_list_are_strict():
    named = contract.load()
    library = {r for r, owners in named.owners.items() if owners == {"Library"}}
    assert ("PUT", "/v1/generations/{}/favorite") in library
    assert ("GET", "/v1/collections/{}") in library and ("PATCH", "/v1/collections/{}") in library
    served = served_routes()
    assert contract.mismatches(named, served, contract.PENDING_SECTIONS - {"Library"}) == [
        f"not served: {m} {p}" for m, p in sorted(library - served)
    ]
    admin = ("POST", "/v1/admin/users/{}/suspend")
    assert contract.mismatches(named, served - {admin}) == [
        "not served: POST /v1/admin/users/{}/suspend"
    ]
    both = ("GET", "/v1/generations")  # the Generations section keeps it required
    assert both in named.required() and both in served
    assert contract.mismatches(named, served - {both}) == ["not served: GET /v1/generations"]


def test_what_a_pending_section_serves_must_match_it():
    named = contract.load()
    served = served_routes()
    assert contract.mismatches(named, served | {("GET", "/v1/presets")}) == []
    assert contract.mismatches(named, served | {("POST", "/v1/presets")}) == [
        "served but not in the contract: POST /v1/presets"
    ]
    renamed = ("POST", "/v1/generations/{generation_id}/favorite")  # the contract says PUT
    assert contract.mismatches(named, served | {renamed}) == [
        "served but not in the contract: POST /v1/generations/{}/favorite"
    ]


def test_the_pending_sections_exist_in_the_contract():
    named = contract.load()
    assert set(named.sections) >= contract.PENDING_SECTIONS
    pending = contract.PENDING_SECTIONS | {"Libary"}
    assert contract.mismatches(named, served_routes(), pending) == ["no such section: Libary"]
