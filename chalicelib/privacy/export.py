"""The export engine: a ZIP built from the data map and streamed to S3 as it is written
(multipart upload, so memory stays flat however many images). It holds one JSON file
per export category, the image files, and manifest.json."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from chalicelib.clock import isoformat
from chalicelib.domain import s3_keys
from chalicelib.privacy.data_map import DataMap, PrefixEntry, Subject, TableEntry
from chalicelib.privacy.ports import Item, MapTables, VersionedBucket

SCHEMA_VERSION = 1


def _plain(value: Any) -> Any:
    if isinstance(value, set):
        return sorted(value)  # a string set (a generation's collection ids)
    return isoformat(value) if isinstance(value, datetime) else value


def _record(item: Item, entry: TableEntry, subject: Subject) -> dict[str, Any]:
    values = item.attribute_values
    for view in entry.export_views:
        if values.get(view.via) == subject.user_id:
            # Every attribute of the view, present or not, so records have one shape.
            return {"role": view.role, **{k: _plain(values.get(k)) for k in view.attributes}}
    return {k: _plain(v) for k, v in values.items() if k not in entry.export_exclude}


def _exported_attributes(entry: TableEntry) -> set[str]:
    if entry.export_views:
        return {name for view in entry.export_views for name in view.attributes}
    return set(entry.attributes) - set(entry.export_split)


def _write_table(
    zf: zipfile.ZipFile, entry: TableEntry, items: Iterable[Item], subject: Subject
) -> tuple[int, dict[str, Any]]:
    """Stream the items into `{export}.json`; returns the count and split-off values."""
    count = 0
    split: dict[str, list[Any]] = {name: [] for name in entry.export_split}
    with zf.open(f"{entry.export}.json", "w") as out:
        out.write(b"[")
        for item in items:
            record = _record(item, entry, subject)
            for name in entry.export_split:
                split[name].append(record.pop(name, None))
            out.write((b",\n" if count else b"\n") + json.dumps(record, default=str).encode())
            count += 1
        out.write(b"\n]\n")
    return count, split


def _table_categories(
    zf: zipfile.ZipFile, entry: TableEntry, tables: MapTables, subject: Subject
) -> dict[str, dict[str, Any]]:
    """Write one table's `{export}.json` (and the files split off it); their categories."""
    assert entry.export is not None
    count, split = _write_table(zf, entry, tables.find(entry, subject), subject)
    categories = {
        entry.export: {
            "files": [f"{entry.export}.json"],
            "count": count,
            "data_categories": sorted({entry.attributes[k] for k in _exported_attributes(entry)}),
        }
    }
    for name, values in split.items():
        stem = entry.export_split[name]
        zf.writestr(f"{stem}.json", json.dumps(values[0] if len(values) == 1 else values))
        categories[stem] = {
            "files": [f"{stem}.json"],
            "count": len(values),
            "data_categories": [entry.attributes[name]],
        }
    return categories


def _prefix_files(
    zf: zipfile.ZipFile,
    prefix: PrefixEntry,
    subject: Subject,
    bucket: VersionedBucket,
    now: datetime,
) -> dict[str, Any]:
    """Copy the subject's current objects under one prefix into `files/`; the category."""
    files = []
    base = s3_keys.user_prefix(prefix.prefix, subject.user_id)
    for key, size in bucket.current_objects(base):
        name = f"files/{prefix.name}/{key[len(base) :]}"
        info = zipfile.ZipInfo(name, date_time=now.timetuple()[:6])
        info.compress_type = zipfile.ZIP_STORED
        info.file_size = size
        with zf.open(info, "w", force_zip64=size > 2**31) as out:
            for chunk in bucket.chunks(key):
                out.write(chunk)
        files.append(name)
    return {"files": files, "count": len(files), "data_categories": list(prefix.categories)}


def write_export(
    zf: zipfile.ZipFile,
    data_map: DataMap,
    subject: Subject,
    tables: MapTables,
    bucket: VersionedBucket,
    now: datetime,
) -> dict[str, Any]:
    """Write every category into the open ZIP; returns the manifest (also written)."""
    categories: dict[str, dict[str, Any]] = {}
    for entry in data_map.tables:
        if entry.export is not None:
            categories.update(_table_categories(zf, entry, tables, subject))
    for prefix in data_map.prefixes:
        if prefix.export:
            categories[f"files/{prefix.name}"] = _prefix_files(zf, prefix, subject, bucket, now)
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "generated_at": isoformat(now),
        "user_id": subject.user_id,
        "categories": categories,
    }
    zf.writestr("manifest.json", json.dumps(manifest, indent=2))
    return manifest


def build_export(
    key: str,
    data_map: DataMap,
    subject: Subject,
    tables: MapTables,
    bucket: VersionedBucket,
    now: datetime,
) -> dict[str, Any]:
    """Build the ZIP straight into S3 at `key`; returns the manifest."""
    writer = bucket.multipart_writer(key, "application/zip")
    try:
        with zipfile.ZipFile(writer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            manifest = write_export(zf, data_map, subject, tables, bucket, now)
    except BaseException:
        writer.abort()
        raise
    writer.finish()
    return manifest
