"""Every route that ../shared/API.md names exists, with its method (the contract clients
are written against; add, never rename)."""

import re
from pathlib import Path

import pytest

from app import app

API_MD = Path(__file__).resolve().parents[3] / "shared" / "API.md"
ROUTE = re.compile(r"\b(GET|POST|PUT|PATCH|DELETE) (/[\w./{}\-]+)")


def normalized(path):
    return re.sub(r"{[^}]+}", "{}", path.rstrip(".").split("?")[0])


@pytest.mark.skipif(not API_MD.exists(), reason="the shared contract is not beside the repo")
def test_every_route_named_by_the_contract_exists():
    named = {(m, normalized(p)) for m, p in ROUTE.findall(API_MD.read_text())}
    served = {(m, normalized(p)) for p, methods in app.routes.items() for m in methods}
    assert len(named) > 50
    assert sorted(named - served) == []
