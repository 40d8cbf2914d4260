from datetime import date, timedelta

import pytest

from chalicelib.domain import ledger
from chalicelib.domain.accounts import AgeRestricted, age_on, check_age
from chalicelib.domain.netinfo import ip_prefix
from chalicelib.domain.passwords import check_password
from chalicelib.domain.policy import PolicyRegistry, PolicyVersion
from chalicelib.domain.throttle import ACCOUNT_RULE, IP_RULE
from chalicelib.errors import InvalidInput, PaymentRequired
from chalicelib.ids import derived_id, is_id, new_id


def test_ids_are_prefixed_sortable_and_derived_ids_are_stable():
    first, second = new_id("gen", 1_000), new_id("gen", 2_000)
    assert first.startswith("gen_") and first < second and len(first) == 30
    assert derived_id("led", "a", "b") == derived_id("led", "a", "b") != derived_id("led", "ab")


def test_is_id_accepts_only_the_shape_new_id_makes():
    assert is_id(new_id("usr")) and is_id(derived_id("usr", "x"))
    for bad in ("", "usr_", "usr", new_id("usr") + "0", new_id("usr").upper(), "usr_" + "i" * 26):
        assert not is_id(bad), bad


@pytest.mark.parametrize(
    ("address", "prefix"),
    [
        ("203.0.113.77", "203.0.113.0/24"),
        ("2001:db8:1234:5678::1", "2001:db8:1234::/48"),
        ("::ffff:198.51.100.9", "198.51.100.0/24"),
        ("not an ip", ""),
    ],
)
def test_ip_prefix_cuts_addresses(address, prefix):
    assert ip_prefix(address) == prefix


def test_throttle_keys_are_keyed_hashes():
    key = IP_RULE.key("203.0.113.77", "server secret")
    assert key.startswith("ip:") and "203.0.113.77" not in key
    assert key == IP_RULE.key("203.0.113.77", "server secret")
    assert key != IP_RULE.key("203.0.113.77", "another secret")
    assert ACCOUNT_RULE.key("a@example.com", "s") != IP_RULE.key("a@example.com", "s")


def test_age_is_counted_on_the_day():
    assert age_on(date(2013, 11, 29), date(2026, 11, 28)) == 12
    assert age_on(date(2013, 11, 28), date(2026, 11, 28)) == 13
    with pytest.raises(AgeRestricted):
        check_age(date(2013, 11, 29), date(2026, 11, 28))
    check_age(date(2013, 11, 28), date(2026, 11, 28))


def test_future_birth_date_is_invalid():
    with pytest.raises(InvalidInput):
        check_age(date(2030, 1, 1), date(2026, 11, 28))


@pytest.mark.parametrize("password", ["short", "x" * 129, "password123", "Iloveyou1"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(InvalidInput):
        check_password(password)


def test_a_long_unusual_password_is_accepted():
    check_password("violet kettle under 9 moons")


def test_throttle_delays_grow_and_are_capped():
    assert [ACCOUNT_RULE.delay_after(n) for n in (4, 5, 6, 7)] == [0, 30, 60, 120]
    assert ACCOUNT_RULE.delay_after(50) == 900
    assert IP_RULE.delay_after(99) == 0 and IP_RULE.delay_after(100) == 5
    assert IP_RULE.delay_after(1000) == 300


def test_ledger_apply_keeps_sums_and_refuses_overdraft():
    start = ledger.Balance(10, 0)
    after = ledger.apply(
        start, [ledger.hold(4, "t1"), ledger.capture(4, "t1c")], allow_negative=False
    )
    assert after[-1] == ledger.Balance(6, 0)
    with pytest.raises(PaymentRequired):
        ledger.apply(start, [ledger.hold(11, "t2")], allow_negative=False)
    clawed = ledger.apply(start, [ledger.Movement("clawback", -15, 0, "c")], allow_negative=True)
    assert clawed[-1].available == -5


def test_policy_registry_switches_on_effective_date(tmp_path):
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text("Contact {support_email}")
    today = date(2026, 11, 28)
    registry = PolicyRegistry(
        [
            PolicyVersion("v1", today - timedelta(days=30), "a.md"),
            PolicyVersion("v2", today + timedelta(days=1), "b.md"),
        ],
        tmp_path,
    )
    assert registry.current(today).version == "v1"
    assert not registry.needs_acceptance("v1", today)
    assert registry.needs_acceptance("v1", today + timedelta(days=1))
    assert registry.body(registry.current(today), {"support_email": "s@x"}) == "Contact s@x"
