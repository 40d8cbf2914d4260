"""The one place S3 object keys are built. Every key starts with a prefix declared here
and the owner's user id, so the data map (and with it export, erasure, retention and the
lifecycle rules) can find a person's objects: `{prefix}{user_id}/...`."""

from __future__ import annotations

UPLOADS = "uploads/"  # raw uploads, as the client sent them (deleted once judged)
INPUTS = "inputs/"  # sanitized uploads: the images generation reads
GENERATIONS = "generations/"
EXPORTS = "exports/"

# Every prefix under which the code writes objects (the data map must describe each).
PREFIXES: tuple[str, ...] = (UPLOADS, INPUTS, GENERATIONS, EXPORTS)

# Objects whose retention depends on something the key does not say (a generation's
# plan) carry this tag; lifecycle rules match on it.
RETENTION_TAG = "retention-class"


def user_prefix(prefix: str, user_id: str) -> str:
    if prefix not in PREFIXES:
        raise ValueError(f"undeclared S3 prefix {prefix!r}")
    if not user_id or "/" in user_id:
        raise ValueError("user id must be non-empty and contain no '/'")
    return f"{prefix}{user_id}/"


def upload_key(user_id: str, upload_id: str) -> str:
    return f"{user_prefix(UPLOADS, user_id)}{upload_id}"


def input_prefix(user_id: str, upload_id: str) -> str:
    """Where the sanitized copy of an upload lives (its extension follows)."""
    return f"{user_prefix(INPUTS, user_id)}{upload_id}."


def input_key(user_id: str, upload_id: str, extension: str) -> str:
    return f"{input_prefix(user_id, upload_id)}{extension}"


def parse_upload_key(key: str) -> tuple[str, str] | None:
    """(user id, upload id) of a raw upload's key, or None for any other key."""
    parts = key.split("/")
    if len(parts) != 3 or f"{parts[0]}/" != UPLOADS or not all(parts):
        return None
    return parts[1], parts[2]


def generation_prefix(user_id: str, generation_id: str) -> str:
    return f"{user_prefix(GENERATIONS, user_id)}{generation_id}/"


def generation_key(user_id: str, generation_id: str, name: str) -> str:
    """An output (or thumbnail) of a generation, e.g. name = "0.png" or "0.thumb.webp"."""
    return f"{generation_prefix(user_id, generation_id)}{name}"


def export_key(user_id: str, request_id: str) -> str:
    return f"{user_prefix(EXPORTS, user_id)}{request_id}.zip"


def retention_tagging(retention_class: str) -> str:
    """The `Tagging` header value for put_object / presigned POST fields."""
    return f"{RETENTION_TAG}={retention_class}"
