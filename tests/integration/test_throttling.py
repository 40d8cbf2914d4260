"""Login throttling: strict per account with growing delays, never permanent."""

from tests.support.api import PASSWORD


def login(api, password, email="victim@example.com"):
    return api.post("/v1/auth/login", {"email": email, "password": password})


def test_account_is_slowed_after_five_failures_then_recovers(frozen_api, clock):
    frozen_api.signup("victim@example.com")
    for _ in range(4):
        assert login(frozen_api, "wrong password").status == 401
    assert login(frozen_api, "wrong password").status == 401  # fifth: now blocked 30 s
    blocked = login(frozen_api, PASSWORD)
    assert blocked.status == 429 and blocked.json["code"] == "rate_limited"
    assert 1 <= int(blocked.header("retry-after")) <= 31
    clock.advance(seconds=31)
    assert login(frozen_api, "wrong password").status == 401  # sixth failure: 60 s
    retry = int(login(frozen_api, PASSWORD).header("retry-after"))
    assert 30 < retry <= 61
    clock.advance(seconds=61)
    assert login(frozen_api, PASSWORD).status == 200


def test_other_accounts_on_the_same_ip_are_not_locked_out(frozen_api):
    frozen_api.signup("victim@example.com")
    frozen_api.signup("colleague@example.com")
    for _ in range(6):
        login(frozen_api, "wrong password")
    assert login(frozen_api, PASSWORD, email="colleague@example.com").status == 200


def test_throttle_keys_hold_no_email_or_ip(frozen_api):
    from chalicelib.adapters.models.accounts import ThrottleModel

    frozen_api.signup("victim@example.com")
    login(frozen_api, "wrong password")
    keys = [t.key for t in ThrottleModel.scan()]
    assert keys and not any("victim" in k or "127.0.0.1" in k for k in keys)
