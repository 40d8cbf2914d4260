"""The webhook rules on their own: which addresses and URLs a deployed stage refuses,
the Standard Webhooks signature (checked against the `standardwebhooks` package) and
the retry schedule."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from standardwebhooks.webhooks import Webhook

from chalicelib.domain.webhook_rules import (
    MAX_DELAY_SECONDS,
    address_allowed,
    new_secret,
    next_delay,
    public_address,
    sign,
    url_problem,
)

REFUSED = [
    "127.0.0.1",
    "127.8.9.10",
    "0.0.0.0",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.0.1",
    "169.254.169.254",  # cloud metadata
    "169.254.1.1",
    "100.64.0.1",  # CGNAT
    "100.127.255.254",
    "192.0.0.170",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fc00::1",
    "fd12:3456::1",  # ULA
    "fe80::1",  # link-local
    "::ffff:127.0.0.1",  # IPv4-mapped loopback
    "::ffff:10.0.0.1",
    "ff02::1",
    "not an address",
]
ALLOWED = ["93.184.216.34", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"]


@pytest.mark.parametrize("address", REFUSED)
def test_non_public_addresses_are_refused(address):
    assert not public_address(address)
    assert not address_allowed(address, allow_local=False)


@pytest.mark.parametrize("address", ALLOWED)
def test_public_addresses_are_allowed(address):
    assert public_address(address)


def test_local_allowance_is_loopback_only():
    assert address_allowed("127.0.0.1", allow_local=True)
    assert not address_allowed("10.0.0.1", allow_local=True)
    assert not address_allowed("169.254.169.254", allow_local=True)


@pytest.mark.parametrize(
    ("url", "local", "refused"),
    [
        ("https://hooks.example.com/in", False, False),
        ("https://hooks.example.com:8443/in?x=1", False, False),
        ("http://hooks.example.com/in", False, True),
        ("http://127.0.0.1:8000/in", False, True),
        ("http://127.0.0.1:8000/in", True, False),
        ("http://hooks.example.com/in", True, True),  # http only to the loopback
        ("https://user:pw@hooks.example.com/", False, True),
        ("ftp://hooks.example.com/", True, True),
        ("https:///nohost", False, True),
        ("https://hooks.example.com:99999/", False, True),
    ],
)
def test_url_form(url, local, refused):
    assert (url_problem(url, local) is not None) == refused


def test_the_signature_is_the_standard_one():
    secret = new_secret()
    assert secret.startswith("whsec_")
    at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    body = '{"id":"evt_1","type":"ping"}'
    ours = sign(secret, "evt_1", int(at.timestamp()), body)
    assert ours == Webhook(secret).sign("evt_1", at, body)
    assert ours != sign(new_secret(), "evt_1", int(at.timestamp()), body)


def test_backoff_doubles_up_to_one_hop():
    delays = [next_delay(n) for n in range(1, 10)]
    assert delays[:4] == [30, 60, 120, 240]
    assert max(delays) == MAX_DELAY_SECONDS == 900
    assert delays == sorted(delays)


def test_local_endpoints_only_on_the_local_stage_when_asked():
    from chalicelib.config import Settings

    def allowed(env):
        return Settings.from_env(env).webhook_allow_local

    assert allowed({"STAGE": "local", "WEBHOOK_ALLOW_LOCAL": "1"})
    assert allowed({"STAGE": "local", "WEBHOOK_ALLOW_LOCAL": "true"})
    assert not allowed({"STAGE": "local"})
    assert not allowed({"STAGE": "local", "WEBHOOK_ALLOW_LOCAL": "0"})
    assert not allowed({"STAGE": "dev", "WEBHOOK_ALLOW_LOCAL": "1"})
    assert not allowed({"STAGE": "prod", "WEBHOOK_ALLOW_LOCAL": "1"})
