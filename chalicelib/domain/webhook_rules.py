"""The rules of webhook delivery, in one place: which URLs and addresses may be called
(no loopback, private, link-local, CGNAT, metadata or ULA addresses on a deployed stage),
how a message is signed (Standard Webhooks), and the retry schedule."""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from chalicelib.errors import FieldError, InvalidInput

SECRET_PREFIX = "whsec_"
TIMEOUT_SECONDS = 10.0
KEEP_ANSWER_BYTES = 1024
RETRY_FOR = timedelta(days=3)
DISABLE_AFTER = timedelta(days=5)
FIRST_DELAY_SECONDS = 30
MAX_DELAY_SECONDS = 900  # SQS's longest delay: one hop
MAX_URL_LENGTH = 2048
_NOT_PUBLIC = tuple(
    ipaddress.ip_network(n)
    for n in ("100.64.0.0/10", "169.254.0.0/16", "fc00::/7", "fe80::/10", "192.0.0.0/24")
)


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def sign(secret: str, message_id: str, timestamp: int, body: str) -> str:
    """`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed by the secret's bytes."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.{body}".encode()
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def public_address(address: str) -> bool:
    """A globally routable unicast address (an IPv4-mapped IPv6 one judged as IPv4)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if any(ip in network for network in _NOT_PUBLIC if network.version == ip.version):
        return False
    return ip.is_global and not (ip.is_multicast or ip.is_reserved)


def address_allowed(address: str, allow_local: bool) -> bool:
    if allow_local and address in ("127.0.0.1", "::1"):
        return True
    return public_address(address)


def url_problem(url: str, allow_local: bool) -> str | None:
    """Why the URL may not be an endpoint (its form only; addresses are checked apart)."""
    if len(url) > MAX_URL_LENGTH:
        return "is too long"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "is not a valid URL"
    schemes = ("https", "http") if allow_local else ("https",)
    if parts.scheme not in schemes:
        return "must be an https:// URL"
    if not parts.hostname or parts.username or parts.password:
        return "must name a host (and no credentials)"
    if parts.scheme == "http" and parts.hostname not in ("127.0.0.1", "localhost"):
        return "must be an https:// URL"
    if port == 0:
        return "has an invalid port"
    return None


def check_url(url: str, allow_local: bool) -> None:
    problem = url_problem(url, allow_local)
    if problem is not None:
        raise InvalidInput([FieldError("url", problem)])


def target(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path and query) of a checked URL."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname or "", port, path


def next_delay(attempts: int) -> int:
    """Seconds before attempt `attempts + 1`: 30 s doubling, at most one 15-minute hop."""
    return int(min(FIRST_DELAY_SECONDS * 2 ** max(attempts - 1, 0), MAX_DELAY_SECONDS))
