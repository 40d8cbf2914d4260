"""The local email outbox: what moto's SES recorded, with the time we first saw it,
kept under LOCAL_STATE_DIR so a restart keeps it."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

_lock = threading.Lock()
_seen: dict[str, dict[str, Any]] = {}
_state_file: Path | None = None


def attach(state_dir: Path) -> None:
    global _state_file
    _state_file = state_dir / "outbox.json"
    if _state_file.exists():
        for item in json.loads(_state_file.read_text()):
            _seen[item["id"]] = item


def reset() -> None:
    """Forget what was seen (a fresh moto backend, as in each test)."""
    with _lock:
        _seen.clear()


def _sync(region: str) -> None:
    from moto.core.models import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    backend = ses_backends[DEFAULT_ACCOUNT_ID][region]
    changed = False
    for message in list(backend.sent_messages):
        if message.id in _seen:
            continue
        to = (getattr(message, "destinations", {}) or {}).get("ToAddresses", [])
        _seen[message.id] = {
            "id": message.id,
            "to": ", ".join(to),
            "subject": getattr(message, "subject", ""),
            "body": getattr(message, "body", ""),
            "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        }
        changed = True
    if changed and _state_file is not None:
        _state_file.write_text(json.dumps(list(_seen.values())))


def flush(region: str) -> None:
    """Record (and persist) messages sent since the last look."""
    with _lock:
        _sync(region)


def read_outbox(region: str) -> list[dict[str, Any]]:
    with _lock:
        _sync(region)
        items = sorted(_seen.values(), key=lambda m: m["created_at"], reverse=True)
    return [{k: v for k, v in item.items() if k != "id"} for item in items]
