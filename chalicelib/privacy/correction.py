"""Correction (`PATCH /v1/me`): the account is updated, then every copy the data map
declares (`mirrors`) and the payment provider's customer record."""

from __future__ import annotations

from chalicelib.domain.accounts import AccountService
from chalicelib.domain.accounts_entities import User
from chalicelib.domain.json_types import JSONObject
from chalicelib.privacy.customers import PaymentCustomers
from chalicelib.privacy.data_map import DataMap, Subject
from chalicelib.privacy.ports import MapTables


def correct_profile(
    accounts: AccountService,
    tables: MapTables,
    customers: PaymentCustomers,
    data_map: DataMap,
    user: User,
    name: str | None,
    settings: JSONObject | None,
) -> User:
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
