"""The data map: one declarative inventory of every place personal data lives.

Each DynamoDB table (by its name in `ALL_MODELS`), each S3 prefix (from `s3_keys`) and
each store a managed service keeps for us (Step Functions' execution history) is
described once: the data category of every attribute (fideslang names), purpose, legal
basis, retention class (`retention.py`), how to find one person's items, what erasure
does, and what the export contains. Export, erasure, retention cleanup, lifecycle rules
and the published retention schedule are all driven by this map, and a test fails when
a model attribute or S3 prefix is missing from it.

Entries live in the modules of `chalicelib.privacy.entries` (one per feature area: a
new feature adds its own module with `TABLES`, `PREFIXES` and `STORES`); `load()`
collects them."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from chalicelib.domain.retention import RETENTION, RetentionClass

LEGAL_BASES = ("contract", "legitimate_interests", "consent", "legal_obligation")

# The fideslang (v3) data categories this service uses.
FIDESLANG_CATEGORIES = frozenset(
    {
        "user.unique_id",
        "user.account",
        "user.contact.email",
        "user.name",
        "user.authorization.credentials",
        "user.settings",
        "user.demographic.age_range",
        "user.privacy_preferences",
        "user.device",
        "user.device.cookie_id",
        "user.device.ip_address",
        "user.location.coarse",
        "user.behavior.browsing_history",
        "user.behavior.purchase_history",
        "user.content.private",
        "user.content.self_image",
        "user.financial",
        "user.payment",
        "system.authentication",
        "system.operations",
    }
)


@dataclass(frozen=True)
class Subject:
    """Who a request is about: what the lookups need."""

    user_id: str
    email: str
    name: str


# How to find one person's items in a table ------------------------------------------
@dataclass(frozen=True)
class ByHashKey:
    """The table's hash key is the user id (query)."""


@dataclass(frozen=True)
class ByIndex:
    """A global secondary index whose hash key is the user id (query)."""

    index: str


@dataclass(frozen=True)
class ByScan:
    """A small table: scan with a filter on these attributes (any equal to the user id)."""

    attributes: tuple[str, ...]


@dataclass(frozen=True)
class ByDerivedKey:
    """One item whose hash key is derived from the person (e.g. the email address)."""

    key: Callable[[Subject], str]


@dataclass(frozen=True)
class NotLinked:
    """Holds no data that identifies a person (say why in `note`)."""


Lookup = ByHashKey | ByIndex | ByScan | ByDerivedKey | NotLinked


# What erasure does ---------------------------------------------------------------
@dataclass(frozen=True)
class Delete:
    pass


@dataclass(frozen=True)
class Pseudonymize:
    """Keep the record (transaction records, proof a request was honoured): the user id
    is replaced by a keyed pseudonym wherever it appears in `attributes`, `remove` are
    dropped, everything else is kept."""

    attributes: tuple[str, ...]
    remove: tuple[str, ...] = ()


Erasure = Delete | Pseudonymize


@dataclass(frozen=True)
class Expiry:
    """How the cleanup job finds expired items: `attribute` holds the expiry moment
    ("at"), or the creation moment and the retention class gives the period ("age").
    `pseudonymized_only` limits it to records already pseudonymized."""

    attribute: str
    mode: str = "at"
    pseudonymized_only: bool = False


@dataclass(frozen=True)
class ExportView:
    """For records that name several people (say a report's sender and the person it is
    about): what a person found through `via` (an attribute of the lookup holding their
    id) gets of each record, with `role` saying which of them they are. Nothing else of
    the record is exported to them, so no one learns who the others are."""

    via: str
    role: str
    attributes: tuple[str, ...]


@dataclass(frozen=True)
class TableEntry:
    table: str  # key in ALL_MODELS
    description: str
    purpose: str
    legal_basis: str
    retention: str  # key in RETENTION
    attributes: dict[str, str]  # attribute name -> fideslang category
    lookup: Lookup
    erasure: Erasure | None  # None only with NotLinked
    expiry: Expiry | None  # None: kept while the account exists
    export: str | None = None  # file stem in the export ZIP; None: not exported
    export_exclude: tuple[str, ...] = ()  # secrets never handed out (hashes, codes)
    export_split: dict[str, str] = field(default_factory=dict)  # attribute -> own file
    # Records shared by several people: each gets only their view (the first that matches).
    export_views: tuple[ExportView, ...] = ()
    mirrors: dict[str, str] = field(default_factory=dict)  # attribute -> user attribute
    # The S3 prefixes (from `s3_keys`) holding an item's objects, from its key attributes:
    # the retention cleanup deletes every version under them before the expired item.
    objects: Callable[[Any], tuple[str, ...]] | None = None
    note: str = ""

    @property
    def retention_class(self) -> RetentionClass:
        return RETENTION[self.retention]


@dataclass(frozen=True)
class PrefixEntry:
    prefix: str  # from s3_keys.PREFIXES; objects live under {prefix}{user_id}/
    name: str
    description: str
    categories: tuple[str, ...]
    purpose: str
    legal_basis: str
    # The first class sets the prefix's lifecycle expiry; with several, objects are
    # tagged `s3_keys.RETENTION_TAG` = class and a rule per class applies.
    retention: tuple[str, ...]
    export: bool = True

    @property
    def longest_days(self) -> int:
        return max(int(RETENTION[r].retention_days or 0) for r in self.retention)


@dataclass(frozen=True)
class StoreEntry:
    """A store a managed service keeps outside our tables and prefixes (Step Functions'
    execution history): nothing in it can be erased item by item, so it holds opaque
    ids only (`note` says how) and the service expires it after its retention class."""

    name: str
    description: str
    categories: tuple[str, ...]
    purpose: str
    legal_basis: str
    retention: str  # key in RETENTION
    note: str


@dataclass(frozen=True)
class DataMap:
    tables: tuple[TableEntry, ...]
    prefixes: tuple[PrefixEntry, ...]
    stores: tuple[StoreEntry, ...] = ()

    def table(self, name: str) -> TableEntry:
        return next(t for t in self.tables if t.table == name)

    def retention_classes(self) -> list[RetentionClass]:
        """The classes the map uses, in the order of `RETENTION` (plus the backup window,
        which applies to every prefix)."""
        used = {t.retention for t in self.tables}
        used |= {r for p in self.prefixes for r in p.retention}
        used |= {s.retention for s in self.stores}
        used.add("backups")
        return [c for name, c in RETENTION.items() if name in used]


def collect(modules: list[str]) -> DataMap:
    tables: list[TableEntry] = []
    prefixes: list[PrefixEntry] = []
    stores: list[StoreEntry] = []
    for name in modules:
        module = importlib.import_module(name)
        tables.extend(getattr(module, "TABLES", ()))
        prefixes.extend(getattr(module, "PREFIXES", ()))
        stores.extend(getattr(module, "STORES", ()))
    return DataMap(tuple(tables), tuple(prefixes), tuple(stores))


@cache
def load() -> DataMap:
    from chalicelib.privacy import entries

    names = sorted(f"{entries.__name__}.{m.name}" for m in pkgutil.iter_modules(entries.__path__))
    return collect(names)
