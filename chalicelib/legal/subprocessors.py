"""The sub-processors that receive personal data, as published at
`GET /v1/legal/subprocessors`."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Subprocessor:
    name: str
    purpose: str
    data_categories: tuple[str, ...]
    location: str
    transfer_mechanism: str


SUBPROCESSORS = (
    Subprocessor(
        "OpenAI, L.L.C.",
        "AI processing (image generation and editing) and content moderation",
        ("user.content.private", "user.content.self_image", "user.unique_id"),
        "United States",
        "EU-U.S. Data Privacy Framework; Standard Contractual Clauses",
    ),
    Subprocessor(
        "Amazon Web Services, Inc.",
        "Hosting, storage, databases and email delivery",
        (
            "user.unique_id",
            "user.contact.email",
            "user.name",
            "user.content.private",
            "user.content.self_image",
            "user.device.ip_address",
            "user.financial",
        ),
        "United States",
        "EU-U.S. Data Privacy Framework; Standard Contractual Clauses",
    ),
    Subprocessor(
        "Stripe, Inc.",
        "Payments, invoices and billing contact details",
        ("user.unique_id", "user.contact.email", "user.name", "user.payment"),
        "United States",
        "EU-U.S. Data Privacy Framework; Standard Contractual Clauses",
    ),
)


def subprocessors() -> list[dict[str, Any]]:
    return [{**asdict(s), "data_categories": list(s.data_categories)} for s in SUBPROCESSORS]
