"""Every stored DynamoDB item, read straight from the tables in the model registry: for
"no write of any kind" assertions and for scanning stored data."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import boto3

from chalicelib.adapters.models.registry import table_names
from chalicelib.config import get_settings

CARD_NUMBER = re.compile(r"(?<![0-9A-Za-z])(?:\d[ -]?){12,18}\d(?![0-9A-Za-z])")


def all_items() -> dict[str, list[dict[str, Any]]]:
    client = boto3.client("dynamodb", region_name=get_settings().region)
    snapshot = {}
    for table in table_names().values():
        items: list[dict[str, Any]] = []
        for page in client.get_paginator("scan").paginate(TableName=table, ConsistentRead=True):
            items.extend(page["Items"])
        snapshot[table] = sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return snapshot


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def card_numbers(text: str) -> list[str]:
    """Digit runs of 13-19 digits (spaces or dashes allowed) that pass the Luhn check."""
    found = []
    for match in CARD_NUMBER.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if 13 <= len(digits) <= 19 and luhn_valid(digits):
            found.append(digits)
    return found


def stored_card_numbers() -> Iterator[tuple[str, str]]:
    for table, items in all_items().items():
        for item in items:
            for number in card_numbers(json.dumps(item)):
                yield table, number
