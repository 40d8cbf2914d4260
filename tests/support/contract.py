"""The HTTP contract, `../shared/API.md`, read as the routes each section names.

A route belongs to the sections whose table rows define it (the first cell of a row, e.g.
`| GET, PATCH, DELETE /v1/collections/{id} |`), or, when no table row does, to the
sections that name it in prose (the Admin section). A route is required when one of its
sections is not pending; a pending section's routes need not be served yet, but whatever
the app serves on their paths must be what the contract names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

API_MD = Path(__file__).resolve().parents[3] / "shared" / "API.md"

# Sections that specify the routes of later issues. Each issue removes its section here
# in the change that builds it; every other section is checked strictly.
PENDING_SECTIONS: frozenset[str] = frozenset()  # every section is built

_METHOD = r"(?:GET|POST|PUT|PATCH|DELETE)"
_ROUTE = re.compile(rf"\b({_METHOD}(?:, {_METHOD})*) (/[\w./{{}}\-]+)")
_HEADING = re.compile(r"^#{1,2} (.+?)(?: \(.*\))?\s*$")


class ContractMissing(FileNotFoundError):
    """The contract file is not where the suite expects it (beside the repository)."""


Route = tuple[str, str]  # (method, path with every parameter written `{}`)


def normalized(path: str) -> str:
    return re.sub(r"{[^}]+}", "{}", path.rstrip(".").split("?")[0])


def _routes(text: str) -> list[Route]:
    return [
        (method, normalized(path))
        for methods, path in _ROUTE.findall(text)
        for method in methods.split(", ")
    ]


@dataclass(frozen=True)
class Contract:
    sections: tuple[str, ...]
    owners: dict[Route, frozenset[str]]  # route -> the sections it belongs to

    def required(self, pending: Iterable[str] = PENDING_SECTIONS) -> set[Route]:
        return {route for route, owners in self.owners.items() if owners - set(pending)}

    def pending(self, pending: Iterable[str] = PENDING_SECTIONS) -> set[Route]:
        return set(self.owners) - self.required(pending)


def parse(text: str) -> Contract:
    sections: list[str] = []
    defined: dict[Route, set[str]] = defaultdict(set)
    mentioned: dict[Route, set[str]] = defaultdict(set)
    section = ""
    for line in text.splitlines():
        heading = _HEADING.match(line)
        if heading:
            section = heading.group(1)
            sections.append(section)
            continue
        cells = line.split("|")
        first_cell = cells[1] if line.startswith("|") and len(cells) > 2 else ""
        for route in _routes(first_cell):
            defined[route].add(section)
        for route in _routes(line):
            mentioned[route].add(section)
    owners = {route: frozenset(defined.get(route) or found) for route, found in mentioned.items()}
    return Contract(tuple(sections), owners)


def load(path: Path = API_MD) -> Contract:
    """The contract at `path`; raises ContractMissing (never skips) when it is absent."""
    if not path.is_file():
        raise ContractMissing(
            f"the HTTP contract {path} is missing: the suite checks the app against "
            "../shared/API.md, which must sit beside the repository"
        )
    return parse(path.read_text(encoding="utf-8"))


def missing(
    contract: Contract, served: Iterable[Route], pending: Iterable[str] = PENDING_SECTIONS
) -> list[Route]:
    """The required routes the app does not serve."""
    return sorted(contract.required(pending) - {(m, normalized(p)) for m, p in served})


def unmatched(
    contract: Contract, served: Iterable[Route], pending: Iterable[str] = PENDING_SECTIONS
) -> list[Route]:
    """What the app serves on a pending route's path that the contract does not name."""
    pending_paths = {path for _, path in contract.pending(pending)}
    served = {(m, normalized(p)) for m, p in served}
    return sorted(r for r in served - set(contract.owners) if r[1] in pending_paths)


def mismatches(
    contract: Contract, served: Iterable[Route], pending: Iterable[str] = PENDING_SECTIONS
) -> list[str]:
    """Everything that breaks the contract, one line each."""
    served, pending = set(served), set(pending)
    return (
        [f"not served: {m} {p}" for m, p in missing(contract, served, pending)]
        + [
            f"served but not in the contract: {m} {p}"
            for m, p in unmatched(contract, served, pending)
        ]
        + [f"no such section: {name}" for name in sorted(pending - set(contract.sections))]
    )
