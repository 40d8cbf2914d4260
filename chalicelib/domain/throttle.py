"""Login throttling policy: strict per account, generous per IP, with growing delays
and no permanent lockout."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class ThrottleRule:
    prefix: str
    free_failures: int
    window: timedelta
    base_delay_seconds: int
    max_delay_seconds: int

    def key(self, value: str, secret: str) -> str:
        """The counter's key: a keyed hash (HMAC) of the email or IP address, so the
        stored key cannot be reversed by hashing candidate emails or all IPv4s."""
        mac = hmac.new(secret.encode(), f"{self.prefix}:{value}".encode(), hashlib.sha256)
        return f"{self.prefix}:{mac.hexdigest()[:40]}"

    def delay_after(self, failures: int) -> int:
        """Seconds to block after `failures` failures in the window (0 = no block)."""
        over = failures - self.free_failures
        if over < 0:
            return 0
        return min(self.max_delay_seconds, self.base_delay_seconds * 2**over)


# Five wrong passwords for one account, then 30 s, 60 s, ... up to 15 minutes.
ACCOUNT_RULE = ThrottleRule("acct", 5, timedelta(minutes=15), 30, 900)
# An office or carrier NAT shares one address: 100 failures before it slows down.
IP_RULE = ThrottleRule("ip", 100, timedelta(minutes=15), 5, 300)
