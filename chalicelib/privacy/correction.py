"""Correction (`PATCH /v1/me`): the account is updated, then every copy the data map
declares (`mirrors`) and the payment provider's customer record."""

from __future__ import annotations

from chalicelib.domain.accounts import AccountService
from chalicelib.domain.accounts_entities import User
from chalicelib.domain.json_types import JSONObject
from chalicelib.privacy.customers import PaymentCustomers
from chalicelib.privacy.data_map import DataMap, Subject
from chalicelib.privacy.ports import MapTables


class ProfileCorrection:
    def __init__(
        self,
        accounts: AccountService,
        tables: MapTables,
        customers: PaymentCustomers,
        data_map: DataMap,
    ) -> None:
        self._accounts = accounts
        self._tables = tables
        self._customers = customers
        self._map = data_map

    def correct(self, user: User, name: str | None, settings: JSONObject | None) -> User:
        subject = Subject(user.user_id, user.email, user.name)  # before the update
        updated = self._accounts.update_profile(user, name, settings)
        if name is None or updated.name == subject.name:
            return updated
        tables = self._tables
        for entry in self._map.tables:
            for attribute, source in entry.mirrors.items():
                if source == "name":
                    items = tables.find(entry, subject)
                    tables.set_attribute(entry, items, attribute, updated.name)
        self._customers.update_customer_name(user.user_id, updated.name)
        return updated
