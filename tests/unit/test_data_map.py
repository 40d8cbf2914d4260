"""The data map describes every table, attribute and S3 prefix, consistently."""

import ast
import pathlib

from chalicelib.adapters.models.registry import ALL_MODELS
from chalicelib.domain import s3_keys
from chalicelib.domain.retention import RETENTION
from chalicelib.privacy.data_map import (
    FIDESLANG_CATEGORIES,
    LEGAL_BASES,
    ByIndex,
    ByScan,
    NotLinked,
    load,
)

DATA_MAP = load()


def test_every_table_and_attribute_is_in_the_map():
    described = {t.table: t for t in DATA_MAP.tables}
    assert set(described) == set(ALL_MODELS), "tables missing from (or unknown to) the map"
    for name, model in ALL_MODELS.items():
        attributes = set(model.get_attributes())
        mapped = set(described[name].attributes)
        assert attributes - mapped == set(), f"{name}: attributes missing from the data map"
        assert mapped - attributes == set(), f"{name}: the map names unknown attributes"


def test_every_s3_prefix_is_in_the_map():
    assert {p.prefix for p in DATA_MAP.prefixes} == set(s3_keys.PREFIXES)


def _string_constants(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value
        elif isinstance(node, ast.JoinedStr) and node.values:
            first = node.values[0]
            if isinstance(first, ast.Constant):
                yield first.value


def test_no_object_key_is_built_outside_s3_keys():
    """Keys used with S3 (Key=...) come from s3_keys; no literal prefix elsewhere."""
    root = pathlib.Path(__file__).resolve().parents[2] / "chalicelib"
    offenders = []
    for path in root.rglob("*.py"):
        if path.name == "s3_keys.py":
            continue
        for value in _string_constants(ast.parse(path.read_text())):
            if any(value.startswith(p) for p in s3_keys.PREFIXES):
                offenders.append((str(path), value))
    assert offenders == []


def test_categories_bases_retention_and_lookups_are_valid():
    for t in DATA_MAP.tables:
        assert set(t.attributes.values()) <= FIDESLANG_CATEGORIES, t.table
        assert t.legal_basis in LEGAL_BASES, t.table
        assert t.retention in RETENTION, t.table
        assert (t.erasure is None) == isinstance(t.lookup, NotLinked), t.table
        if isinstance(t.lookup, NotLinked) or t.export is None:
            assert t.note, f"{t.table}: say why it is not linked or not exported"
        if isinstance(t.lookup, ByIndex):
            assert t.lookup.index in ALL_MODELS[t.table]._indexes, t.table
        if t.expiry is not None:
            assert t.expiry.attribute in t.attributes, t.table
        for attribute in (*t.export_exclude, *t.export_split):
            assert attribute in t.attributes, t.table
        if t.export_views:  # one view for each way a person is found
            assert isinstance(t.lookup, ByScan), t.table
            assert sorted(v.via for v in t.export_views) == sorted(t.lookup.attributes), t.table
        for view in t.export_views:
            assert set(view.attributes) <= set(t.attributes), t.table
    for p in DATA_MAP.prefixes:
        assert set(p.categories) <= FIDESLANG_CATEGORIES
        assert p.legal_basis in LEGAL_BASES
        assert all(RETENTION[r].retention_days for r in p.retention)


def test_every_retention_class_is_used_by_the_map():
    assert [c.category for c in DATA_MAP.retention_classes()] == list(RETENTION)


def test_stores_outside_our_tables_are_mapped_and_carry_their_retention():
    (history,) = [s for s in DATA_MAP.stores if s.name == "workflow_history"]
    assert history.retention in RETENTION and history.note
    assert RETENTION[history.retention].retention_days == 90  # what Step Functions keeps
    for store in DATA_MAP.stores:
        assert set(store.categories) <= FIDESLANG_CATEGORIES, store.name
        assert store.legal_basis in LEGAL_BASES, store.name
