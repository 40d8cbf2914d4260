"""Correction (`PATCH /v1/me`): the account is updated, then every copy the data map
declares (`mirrors`) and the payment provider's customer record."""

from __future__ import annotations

from typing import Any

from chalicelib.privacy.data_map import DataMap, Subject


def correct_profile(
    accounts: Any,
    tables: Any,
    customers: Any,
    data_map: DataMap,
    user: Any,
    name: str | None,
    settings: dict[str, Any] | None,
) -> Any:
    subject = Subject(user.user_id, user.email, user.name)  # before the update changes it
    updated = accounts.update_profile(user, name, settings)
    if name is None or updated.name == subject.name:
        return updated
    for entry in data_map.tables:
        for attribute, source in entry.mirrors.items():
            if source == "name":
                tables.set_attribute(entry, tables.find(entry, subject), attribute, updated.name)
    customers.update_customer_name(user.user_id, updated.name)
    return updated
