"""Published privacy-policy versions. The Markdown files and their effective dates live
in `chalicelib/legal/policies/`; the current version is the newest already in effect."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

POLICY_DIR = Path(__file__).resolve().parent.parent / "legal" / "policies"


@dataclass(frozen=True)
class PolicyVersion:
    version: str
    effective_date: date
    file: str


class PolicyRegistry:
    def __init__(self, versions: list[PolicyVersion], directory: Path = POLICY_DIR) -> None:
        if not versions:
            raise ValueError("at least one policy version is required")
        self._versions = sorted(versions, key=lambda v: v.effective_date)
        self._dir = directory

    @classmethod
    def load(cls, directory: Path = POLICY_DIR) -> PolicyRegistry:
        raw = json.loads((directory / "versions.json").read_text())
        versions = [
            PolicyVersion(r["version"], date.fromisoformat(r["effective_date"]), r["file"])
            for r in raw
        ]
        return cls(versions, directory)

    def in_effect(self, today: date) -> list[PolicyVersion]:
        return [v for v in self._versions if v.effective_date <= today]

    def current(self, today: date) -> PolicyVersion:
        effective = self.in_effect(today)
        return effective[-1] if effective else self._versions[0]

    def needs_acceptance(self, accepted: str | None, today: date) -> bool:
        return accepted != self.current(today).version

    def body(self, version: PolicyVersion, values: dict[str, str]) -> str:
        return (self._dir / version.file).read_text().format(**values)
