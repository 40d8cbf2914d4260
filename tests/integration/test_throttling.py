"""Login throttling: strict per account with growing delays, never permanent, and atomic
under concurrency; password-reset emails throttled per account and per IP."""

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from moto.core.botocore_stubber import BotocoreStubber

from chalicelib.adapters.models.accounts import ThrottleModel
from chalicelib.adapters.models.registry import ALL_MODELS
from chalicelib.adapters.password_hasher import Argon2Hasher
from chalicelib.domain.throttle import ACCOUNT_RULE
from tests.support.api import PASSWORD, ApiClient


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


def burst(passwords, email="victim@example.com"):
    """Every password sent at the same moment, each from its own thread and client."""
    clients = [ApiClient() for _ in passwords]
    start = threading.Barrier(len(passwords))

    def attempt(pair):
        client, password = pair
        start.wait()
        return login(client, password, email)

    with ThreadPoolExecutor(max_workers=len(passwords)) as pool:
        return list(pool.map(attempt, zip(clients, passwords, strict=True)))


def assert_rate_limited(responses):
    for response in responses:
        assert response.json["code"] == "rate_limited"
        assert int(response.header("retry-after")) >= 1


def test_a_burst_of_wrong_passwords_is_held_to_five_failures(frozen_api, clock):
    frozen_api.signup("victim@example.com")
    responses = burst(["wrong password"] * 20)
    statuses = [r.status for r in responses]
    assert sorted(set(statuses)) == [401, 429], statuses
    assert statuses.count(401) == 5
    assert_rate_limited([r for r in responses if r.status == 429])
    # The counter came out of the burst whole: blocked now, and after the block one more
    # failure is counted and blocks for longer.
    assert login(frozen_api, PASSWORD).status == 429
    clock.advance(seconds=31)
    assert login(frozen_api, "wrong password").status == 401
    again = login(frozen_api, PASSWORD)
    assert again.status == 429 and 30 < int(again.header("retry-after")) <= 61


class GatedHasher:
    """The real hasher, but a wrong password waits at a gate inside its check, so the test
    decides when the attempts in flight finish."""

    def __init__(self, real):
        self._real = real
        self.gate = threading.Event()
        self._lock = threading.Lock()
        self.waiting = 0

    def hash(self, password):
        return self._real.hash(password)

    def needs_rehash(self, stored):
        return self._real.needs_rehash(stored)

    def verify(self, stored, password):
        if password != PASSWORD:
            with self._lock:
                self.waiting += 1
            self.gate.wait(timeout=120)
        return self._real.verify(stored, password)


def wait_until(condition, timeout=120):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_a_correct_password_in_the_burst_gets_no_pass(frozen_api, frozen_services):
    """While twenty wrong passwords are in flight, the right one is refused too: the
    attempts are counted before they are checked, so the burst has used the allowance."""
    frozen_api.signup("victim@example.com")
    gated = GatedHasher(frozen_services.hasher)
    frozen_services.replace("hasher", gated)
    clients = [ApiClient() for _ in range(20)]
    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        futures = [pool.submit(login, client, "wrong password") for client in clients]
        # Every attempt is either being checked (at the gate) or answered.
        wait_until(lambda: gated.waiting + sum(f.done() for f in futures) == len(futures))
        during = login(frozen_api, PASSWORD)
        gated.gate.set()
        responses = [f.result() for f in futures]
    assert during.status == 429 and during.json["code"] == "rate_limited", during.json
    statuses = [r.status for r in responses]
    assert statuses.count(401) == gated.waiting == 5, statuses
    assert statuses.count(429) == 15
    assert_rate_limited([r for r in responses if r.status == 429])


def test_a_counter_left_without_its_window_is_restarted_not_a_500(frozen_api, services):
    """What the old read-then-write race left behind: an update landing on a counter that
    a successful login had just deleted recreated it without its window."""
    frozen_api.signup("victim@example.com")
    key = ACCOUNT_RULE.key("victim@example.com", services.settings.privacy_hmac_key)
    ThrottleModel(key).update(actions=[ThrottleModel.failures.add(3)])
    for _ in range(5):
        assert login(frozen_api, "wrong password").status == 401
    assert login(frozen_api, PASSWORD).status == 429


FORGOT_PER_ACCOUNT = 3  # reset emails an hour to one account
FORGOT_PER_IP = 20  # reset requests an hour from one address


def forgot(api, email):
    response = api.post("/v1/auth/password/forgot", {"email": email})
    assert response.status == 202 and response.body == b""
    return response


def reset_emails(api, email):
    outbox = api.get("/v1/dev/outbox").json["data"]
    return [m for m in outbox if m["to"] == email and "Reset" in m["subject"]]


def test_forgot_sends_at_most_three_emails_an_hour_to_an_account(frozen_api, clock):
    frozen_api.signup("f@example.com")
    for _ in range(FORGOT_PER_ACCOUNT + 3):
        forgot(frozen_api, "f@example.com")
    assert len(reset_emails(frozen_api, "f@example.com")) == FORGOT_PER_ACCOUNT
    clock.advance(minutes=59)
    forgot(frozen_api, "f@example.com")
    assert len(reset_emails(frozen_api, "f@example.com")) == FORGOT_PER_ACCOUNT
    clock.advance(minutes=1, seconds=1)
    forgot(frozen_api, "f@example.com")
    assert len(reset_emails(frozen_api, "f@example.com")) == FORGOT_PER_ACCOUNT + 1


def test_forgot_is_throttled_per_ip_across_accounts(frozen_api, frozen_services, clock):
    # Cheap hashes: the signups are set-up here, not what is tested.
    frozen_services.replace("hasher", Argon2Hasher(memory_kib=1024, time_cost=1))
    emails = [f"ip{n}@example.com" for n in range(FORGOT_PER_IP + 2)]
    for email in emails:
        frozen_api.signup(email)
    for email in emails:
        forgot(frozen_api, email)
    sent = [email for email in emails if reset_emails(frozen_api, email)]
    assert sent == emails[:FORGOT_PER_IP]
    clock.advance(hours=1, seconds=1)
    forgot(frozen_api, emails[-1])
    assert reset_emails(frozen_api, emails[-1])


def test_forgot_does_the_same_work_whether_or_not_the_account_exists(api, monkeypatch):
    """No timing tells which addresses have accounts: an unknown address costs the same
    DynamoDB calls, in the same order, as a known one (the mail itself aside)."""
    api.signup("known@example.com")
    forgot(api, "someone-else@example.com")  # the address's counter exists for both
    calls = record_dynamodb_calls(monkeypatch)
    forgot(api, "known@example.com")
    known = list(calls)
    calls.clear()
    forgot(api, "nobody-here@example.com")
    assert known and calls == known
    assert reset_emails(api, "known@example.com")
    assert not reset_emails(api, "nobody-here@example.com")


def record_dynamodb_calls(monkeypatch):
    """(operation, tables) of each DynamoDB call made through moto from now on."""
    names = {model.Meta.table_name: name for name, model in ALL_MODELS.items()}
    calls = []
    original = BotocoreStubber.__call__

    def stub(self, event_name, request, **kwargs):
        target = request.headers.get("X-Amz-Target", b"")
        target = target.decode() if isinstance(target, bytes) else target
        if target.startswith("DynamoDB_"):
            body = json.loads(request.body or b"{}")
            items = body.get("TransactItems", [body])
            tables = [
                (kind, names[params["TableName"]])
                for item in items
                for kind, params in (item.items() if "TransactItems" in body else [("", item)])
            ]
            calls.append((target.rsplit(".", 1)[-1], tables))
        return original(self, event_name, request, **kwargs)

    monkeypatch.setattr(BotocoreStubber, "__call__", stub)
    return calls


class FakePacer:
    """Fake elapsed time, and every wait recorded."""

    def __init__(self):
        self.elapsed = 0.0
        self.waits = []

    def monotonic(self):
        return self.elapsed

    def sleep(self, seconds):
        self.waits.append(seconds)
        self.elapsed += seconds


def test_forgot_takes_the_same_time_whether_or_not_a_mail_is_sent(services, api):
    """The mail is the one piece of work only a known address costs: the answer is padded
    to a fixed floor, so a known, an unknown and a throttled address all take as long."""
    from chalicelib.adapters.mailer import SesMailer

    pacer = FakePacer()
    services.pacer = pacer
    floor = services.settings.forgot_floor_seconds
    assert floor > 0
    ses = SesMailer(services.settings.email_sender, services.settings.region)

    class SlowMailer:
        def send(self, to, subject, body):
            pacer.elapsed += floor / 4
            ses.send(to, subject, body)

    services.overrides["mailer"] = SlowMailer()
    api.signup("known@example.com")
    taken = []
    for email in ["known@example.com", "ghost@example.com"] + ["known@example.com"] * 3:
        start = pacer.elapsed
        forgot(api, email)
        taken.append(pacer.elapsed - start)
    assert taken == pytest.approx([floor] * 5)
    # the unknown address waits longer by the time the mail took for the known one
    assert pacer.waits[:2] == pytest.approx([floor - floor / 4, floor])
    assert len(reset_emails(api, "known@example.com")) == FORGOT_PER_ACCOUNT
