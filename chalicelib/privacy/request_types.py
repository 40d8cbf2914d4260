"""What a person can ask of their data: the `type` of a privacy request."""

from __future__ import annotations

from enum import StrEnum


class PrivacyRequestType(StrEnum):
    EXPORT = "export"
    DELETION = "deletion"
    RESTRICTION = "restriction"
    RESTRICTION_LIFT = "restriction_lift"
