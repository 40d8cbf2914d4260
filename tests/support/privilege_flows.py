"""The flows whose AWS calls tests/infra/test_least_privilege.py records: every HTTP
route family through the test client, generations through the workflow (success,
a moderation block and a provider failure, which run Release), uploads through the
sanitizer, and every scheduled job with something to do. Secrets are read from moto's
Secrets Manager, OpenAI and Stripe are the fake servers driven by the real SDKs."""

from __future__ import annotations

import contextlib
import dataclasses
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import boto3
from chalice.local import LambdaContext

from chalicelib.config import SecretRef, get_settings
from chalicelib.domain import s3_keys
from chalicelib.jobs import JOBS
from chalicelib.queues import WEBHOOKS
from tests.support import generations, images, privacy, stripe_events
from tests.support.api import PASSWORD, ApiClient
from tests.support.fake_openai import fake_openai
from tests.support.fake_stripe import FakeStripe

ADMIN = "admin@example.com"  # in ADMIN_EMAILS (tests/conftest.py)
NEW_PASSWORD = "a brand new passphrase 42"
# Settings variable -> the value its moto secret holds.
SECRET_VALUES = {
    "OPENAI_API_KEY": "sk-test",
    "STRIPE_SECRET_KEY": "sk_test_fake",
    "STRIPE_WEBHOOK_SECRET": stripe_events.SECRET,
    "PRIVACY_HMAC_KEY": "local-development-privacy-key-not-a-secret",
}


class PerFunction:
    """What `get_services()` returns while recording: each function gets its own
    container, built on first use, as each Lambda function has its own process (so a
    client one function built and cached hides no secret read from another)."""

    def __init__(self, settings: Any, clock: Any, current: Callable[[], str | None]) -> None:
        self._settings = settings
        self._clock = clock
        self._current = current
        self._containers: dict[str, Any] = {}
        self._lock = threading.Lock()

    def container(self, function: str | None) -> Any:
        from chalicelib.services import Services

        with self._lock:
            key = function or "test"
            if key not in self._containers:
                self._containers[key] = Services(self._settings, clock=self._clock)
            return self._containers[key]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.container(self._current()), name)


@dataclass
class Environment:
    services: PerFunction
    clock: Any
    secrets: dict[str, str]  # secret ARN -> settings variable
    openai: Any


@contextlib.contextmanager
def environment(current: Callable[[], str | None]) -> Iterator[Environment]:
    """moto with the stack provisioned, secrets in Secrets Manager, the fake OpenAI and
    Stripe servers, and per-function Services containers (one frozen clock) reading all
    of them. `current` names the function running in this thread."""
    from chalicelib.clock import FrozenClock
    from chalicelib.services import set_services
    from tests.support.fixtures import local_aws

    with local_aws(), fake_openai() as openai_server, FakeStripe() as stripe_server:
        base = get_settings()
        client = boto3.client("secretsmanager", region_name=base.region)
        arns = {
            variable: client.create_secret(
                Name=f"{base.resource_prefix}/{variable}", SecretString=value
            )["ARN"]
            for variable, value in SECRET_VALUES.items()
        }
        queues = boto3.client("sqs", region_name=base.region)
        webhooks = queues.get_queue_url(QueueName=WEBHOOKS.name(base.resource_prefix))
        settings = dataclasses.replace(
            base,
            webhook_queue_url=webhooks["QueueUrl"],  # as infra sets WEBHOOK_QUEUE_URL
            realtime_url="wss://live0api.execute-api.us-east-1.amazonaws.com/dev",  # REALTIME_URL
            image_provider="openai",
            openai_base_url=openai_server.base_url,
            openai_timeout_seconds=0.5,
            stripe_api_base=stripe_server.url,
            **{
                f"{variable.lower()}_ref": SecretRef(secret_arn=arn)
                for variable, arn in arns.items()
            },
        )
        clock = FrozenClock(datetime.now(UTC).replace(microsecond=0))
        services = PerFunction(settings, clock, current)
        set_services(services)  # type: ignore[arg-type]
        try:
            yield Environment(
                services, clock, {arn: variable for variable, arn in arns.items()}, openai_server
            )
        finally:
            set_services(None)


def fresh_secrets(monkeypatch: Any) -> None:
    """Each read goes to Secrets Manager (Powertools caches across functions otherwise)."""
    from chalicelib import secret_store as secrets

    original = secrets.read_secret
    monkeypatch.setattr(secrets, "read_secret", lambda secret_id, max_age=0: original(secret_id, 0))


def run_job(name: str) -> Any:
    from app import app

    return app.handler_map["run_job"]({"job": name}, LambdaContext("run_job", 1024))


def reset_token(api: ApiClient, email: str) -> str:
    match = re.search(r"token=([\w-]+)", api.last_email(email)["body"])
    assert match
    return match.group(1)


class Gate:
    """Holds the provider call open so a workflow stays RUNNING while the test acts."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.entered = threading.Event()
        self.open = threading.Event()

    def create(self, request: Any) -> Any:
        self.entered.set()
        self.open.wait(60)
        return self._inner.create(request)


def account_flows(api: ApiClient) -> tuple[str, str]:
    """Signup, verification, login, sessions, password change and reset, profile,
    consent, events, support, reports, privacy requests, a purchase and a generation."""
    email = "everything@example.com"
    token, _ = privacy.seed_everything(api, email, PASSWORD)
    api_key_flows(api, token)
    assert api.post("/v1/auth/verify-email/resend", token=token).status in (202, 204, 409)
    api.post("/v1/auth/login", {"email": email, "password": PASSWORD})  # a second session
    sessions = api.get("/v1/auth/sessions", token=token).json["data"]
    mine = [s for s in sessions if not s.get("current")]
    assert api.delete(f"/v1/auth/sessions/{mine[0]['id']}", token=token).status in (200, 204)
    assert api.post("/v1/auth/reauth", {"password": PASSWORD}, token=token).status == 204
    changed = api.post(
        "/v1/auth/password/change",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        token=token,
    )
    assert changed.status == 204, changed.json
    api.post("/v1/auth/password/forgot", {"email": email})
    reset = api.post(
        "/v1/auth/password/reset", {"token": reset_token(api, email), "new_password": PASSWORD}
    )
    assert reset.status in (200, 204), reset.json
    token = api.post("/v1/auth/login", {"email": email, "password": PASSWORD}).json["token"]
    for path in ("/v1/me", "/v1/me/security-events", "/v1/consent", "/v1/support/messages"):
        assert api.get(path, token=token).status == 200, path
    policy = api.get("/v1/legal/privacy").json
    api.post(
        "/v1/me/policy-acceptance", {"version": policy.get("version", "2026-11-01")}, token=token
    )
    for path in (
        "/v1/billing",
        "/v1/billing/ledger",
        "/v1/billing/invoices",
        "/v1/privacy/requests",
    ):
        assert api.get(path, token=token).status == 200, path
    api.get("/v1/billing/products")
    api.post("/v1/billing/portal", token=token)
    workflow_flows(api, token)
    for path in ("/v1/models", "/v1/pricing", "/v1/legal/retention", "/v1/presets", "/v1/health"):
        api.get(path)
    export = api.post("/v1/privacy/requests", {"type": "export"}, token=token)
    assert export.status == 202, export.json
    return token, export.json["id"]


def api_key_flows(api: ApiClient, token: str) -> None:
    """A key made (the session is fresh), listed, used, refused a scope, revoked; the
    seeded one stays for the export and the erasure."""
    made = api.post("/v1/api-keys", {"name": "ci", "scopes": ["library"]}, token=token).json
    assert api.get("/v1/api-keys", token=token).json["data"]
    assert api.get("/v1/collections", token=made["key"]).status == 200
    assert api.get("/v1/generations", token=made["key"]).status == 403
    assert api.delete(f"/v1/api-keys/{made['id']}", token=token).status == 204
    assert api.get("/v1/collections", token=made["key"]).status == 401


def workflow_flows(api: ApiClient, token: str) -> None:
    """A workflow saved, run (a generation, then an edit of its output), its runs listed
    and read, then changed and deleted."""
    steps = [
        {"id": "a", "kind": "generate", "prompt": "a fox"},
        {"id": "b", "kind": "edit", "prompt": "paint it", "input": {"step": "a", "index": 0}},
    ]
    body = {"name": "w", "steps": steps}
    path = f"/v1/workflows/{api.post('/v1/workflows', body, token=token).json['id']}"
    run = api.post(f"{path}/runs", {}, token=token, headers={"Idempotency-Key": "run-1"}).json
    assert generations.wait_run(api, token, run["id"])["status"] == "succeeded"
    assert api.get("/v1/workflow-runs?status=succeeded", token=token).json["data"]
    assert api.get("/v1/workflow-runs", token=token).status == 200
    assert api.post(f"/v1/workflow-runs/{run['id']}/cancel", token=token).status == 409
    assert api.get("/v1/workflows", token=token).status == 200
    assert api.get(path, token=token).status == 200
    assert api.patch(path, {"name": "v"}, token=token).status == 200
    assert api.delete(path, token=token).status == 204


def library_flows(api: ApiClient, token: str) -> None:
    """Every filter of the list, a collection renamed, emptied and deleted, the image
    link, a favorite withdrawn and a generation in a collection deleted."""
    [generation] = api.get("/v1/generations?favorite=true", token=token).json["data"]
    gid = generation["id"]
    for query in ("status=succeeded", "model=gpt-image-2", "q=lighthouse", "favorite=false"):
        assert api.get(f"/v1/generations?{query}", token=token).status == 200, query
    made = api.post("/v1/collections", {"name": "Spare"}, token=token).json
    assert api.get(f"/v1/generations?collection={made['id']}", token=token).status == 200
    assert api.patch(f"/v1/collections/{made['id']}", {"name": "Kept"}, token=token).status == 200
    assert api.put(f"/v1/collections/{made['id']}/items/{gid}", token=token).status == 204
    assert api.delete(f"/v1/collections/{made['id']}/items/{gid}", token=token).status == 204
    assert api.put(f"/v1/collections/{made['id']}/items/{gid}", token=token).status == 204
    assert api.delete(f"/v1/collections/{made['id']}", token=token).status == 204
    assert api.get("/v1/collections", token=token).status == 200
    assert api.get(f"/v1/generations/{gid}/images/0", token=token).status == 302
    assert api.delete(f"/v1/generations/{gid}/favorite", token=token).status == 204
    remix = {"prompt": "a second lighthouse", "input_images": [{"generation_id": gid, "index": 0}]}
    second = api.post("/v1/generations", remix, token=token).json
    assert generations.wait_done(api, token, second["id"])["status"] == "succeeded"
    [kept] = [c for c in api.get("/v1/collections", token=token).json["data"]]
    assert api.put(f"/v1/collections/{kept['id']}/items/{second['id']}", token=token).status == 204
    assert api.delete(f"/v1/generations/{second['id']}", token=token).status == 204


def generation_flows(api: ApiClient, env: Environment) -> tuple[str, str, Gate]:
    """An edit with inputs and a mask, reads and lists, a delete, a moderation block,
    a provider failure, a cancel while running, uploads deleted. Returns (token, the id
    of a generation held open by the gate, to be reaped, and the gate)."""
    token = api.verified_user("generator@example.com")
    subscribe(api, token)  # every end below emits its event
    live_flows(api, token)  # every change below is pushed to the open socket
    first = generations.upload(api, token, images.png(64, 48), "image/png")
    mask = generations.upload(api, token, images.mask_png(64, 48), "image/png", "mask")
    spare = generations.upload(api, token, images.gps_jpeg(), "image/jpeg")
    assert api.get(f"/v1/uploads/{spare['id']}", token=token).status == 200
    assert api.delete(f"/v1/uploads/{spare['id']}", token=token).status in (200, 204)
    pending = api.post(
        "/v1/uploads", {"content_type": "image/png", "size": 10, "purpose": "input"}, token=token
    ).json
    privacy.put_object(pending["fields"]["key"], b"not judged yet")
    assert api.delete(f"/v1/uploads/{pending['id']}", token=token).status in (200, 204)
    edit = {
        "prompt": "make it blue",
        "input_images": [first["id"]],
        "mask": mask["id"],
        "partial_images": 1,  # streamed: its preview stored, pushed, deleted at the end
    }
    created = api.post("/v1/generations", edit, token=token, headers={"Idempotency-Key": "e-1"})
    assert created.status == 202, created.json
    done = generations.wait_done(api, token, created.json["id"])
    assert done["status"] == "succeeded", done
    api.post("/v1/generations/quote", {"prompt": "a fox"}, token=token)
    assert api.get("/v1/generations", token=token).status == 200
    assert api.delete(f"/v1/generations/{created.json['id']}", token=token).status in (200, 204)
    env.openai.plan("moderations", "flagged")
    blocked = api.post("/v1/generations", {"prompt": "a fox"}, token=token).json
    assert generations.wait_done(api, token, blocked["id"])["status"] == "blocked"
    workflow = {"name": "w", "steps": [{"id": "a", "kind": "generate", "prompt": "a fox"}]}
    made = api.post("/v1/workflows", workflow, token=token).json
    refused = api.post(f"/v1/workflows/{made['id']}/runs", {}, token=token).json
    assert generations.wait_run(api, token, refused["id"])["status"] == "failed"
    env.openai.plan("moderations", "ok")
    env.openai.plan("generations", "500")
    failed = api.post("/v1/generations", {"prompt": "a fox"}, token=token).json
    assert generations.wait_done(api, token, failed["id"], timeout=60)["status"] == "failed"
    env.openai.plan("generations", "ok")
    generate = env.services.container("generation_generate")
    gate = Gate(generate.image_provider)
    generate.__dict__["image_provider"] = gate
    try:
        running = api.post("/v1/generations", {"prompt": "a slow fox"}, token=token).json
        assert gate.entered.wait(30)
        canceled = api.post(f"/v1/generations/{running['id']}/cancel", token=token)
        assert canceled.status == 200, canceled.json
        gate.entered.clear()
        run = api.post(f"/v1/workflows/{made['id']}/runs", {}, token=token).json
        assert gate.entered.wait(30)
        stopped = api.post(f"/v1/workflow-runs/{run['id']}/cancel", token=token)
        assert stopped.status == 200 and stopped.json["status"] == "canceled", stopped.json
        gate.entered.clear()
        stuck = api.post("/v1/generations", {"prompt": "a stuck fox"}, token=token).json
        assert gate.entered.wait(30)
    except BaseException:
        gate.open.set()
        raise
    return token, stuck["id"], gate


def live_flows(api: ApiClient, token: str) -> None:
    """Two sockets opened with tickets (the WebSocket API's handlers, as API Gateway
    calls them), one pinged and closed; the other stays open, so each change after this
    is posted to it (PostToConnection, against moto)."""
    from app import app
    from devstack.realtime_server import socket_event

    def handle(name: str, route: str, connection_id: str, **extra: Any) -> None:
        event = socket_event(route, connection_id, 443, **extra)
        answer = app.handler_map[name](event, LambdaContext(name, 1024))
        assert answer["statusCode"] == 200, (name, answer)

    for connection_id in ("live-open", "live-closed"):
        ticket = api.post("/v1/realtime/tickets", token=token)
        assert ticket.status == 201, ticket.json
        query = {"ticket": ticket.json["ticket"]}
        handle("realtime_connect", "$connect", connection_id, queryStringParameters=query)
    handle("realtime_message", "$default", "live-closed", body='{"type": "ping"}')
    handle("realtime_disconnect", "$disconnect", "live-closed")


class FailingTransport:
    """The receiver a webhook flow posts to: it answers 500, nothing leaves the host."""

    def post(self, url: str, address: str, headers: Any, body: bytes, timeout: float) -> Any:
        from chalicelib.domain.webhook_entities import Answer

        return Answer(500, "down")


def subscribe(api: ApiClient, token: str) -> str:
    """An endpoint for every event (an address literal: no name to resolve)."""
    events = [
        "generation.succeeded",
        "generation.failed",
        "generation.blocked",
        "generation.canceled",
        "workflow_run.completed",
    ]
    body = {"url": "https://93.184.216.34/hooks", "events": events}
    created = api.post("/v1/webhook-endpoints", body, token=token)
    assert created.status == 201, created.json
    return str(created.json["id"])


def webhook_flows(api: ApiClient, env: Environment, token: str, generator: str) -> None:
    """The endpoint routes, a ping whose attempts fail (each next one sent again) until,
    five days on, the endpoint is disabled and its owner emailed, and a retry. The
    generations' events wait on the queue meanwhile: they are attempted here too."""
    import pytest

    from chalicelib.adapters import webhook_queue
    from devstack.webhook_events import poll_webhooks

    def drain() -> None:
        for _ in range(20):
            if not poll_webhooks():
                return
        raise AssertionError("the webhook queue never emptied")

    env.services.container("deliver_webhook").overrides["webhook_transport"] = FailingTransport()
    hook = subscribe(api, token)
    base = f"/v1/webhook-endpoints/{hook}"
    assert api.get("/v1/webhook-endpoints", token=token).status == 200
    assert api.get(base, token=token).status == 200
    assert api.patch(base, {"description": "flows"}, token=token).status == 200
    ping = api.post(f"{base}/test", token=token).json
    with pytest.MonkeyPatch.context() as patch:
        # moto holds a delayed message back in real time: the frozen clock moves instead.
        patch.setattr(webhook_queue, "MAX_DELAY_SECONDS", 0)
        for _ in range(2):
            poll_webhooks()
        env.clock.advance(days=5)
        drain()
        assert api.get(base, token=token).json["enabled"] is False
        assert api.post(f"{base}/deliveries/{ping['id']}/retry", token=token).status == 202
        assert api.get(f"{base}/deliveries", token=token).status == 200
        drain()  # disabled: failed without a call
    spare = subscribe(api, token)
    assert api.post(f"/v1/webhook-endpoints/{spare}/test", token=token).status == 202
    assert api.delete(f"/v1/webhook-endpoints/{spare}", token=token).status == 204
    # The generator's endpoint failed too: enabled again, it hears of the reaper's release.
    for made in api.get("/v1/webhook-endpoints", token=generator).json["data"]:
        again = api.patch(f"/v1/webhook-endpoints/{made['id']}", {"enabled": True}, token=generator)
        assert again.status == 200, again.json


def admin_flows(api: ApiClient) -> None:
    """The admin routes end to end: lists, a child-account confirmation (erasure through
    the data map), a dismissal, suspension."""
    admin = api.verified_user(ADMIN)
    child = api.verified_user("kid@example.com")
    child_id = api.get("/v1/me", token=child).json["id"]
    privacy.seed_api_key(api, child)  # erased with the child's account
    api.post("/v1/privacy/requests", {"type": "export"}, token=child)
    api.post("/v1/support/messages", {"subject": "s", "body": "b"}, token=child)
    api.post("/v1/reports/child-account", {"account_email": "kid@example.com"})
    for path in ("/v1/admin/privacy/requests", "/v1/admin/privacy/requests?overdue=true"):
        assert api.get(path, token=admin).status == 200
    assert api.get("/v1/admin/support/messages", token=admin).json["data"]
    assert api.post(f"/v1/admin/users/{child_id}/suspend", token=admin).status == 200
    assert api.post(f"/v1/admin/users/{child_id}/unsuspend", token=admin).status == 200
    reports = api.get("/v1/admin/reports", token=admin).json["data"]
    kid = next(r for r in reports if r["account_user_id"] == child_id)
    confirmed = api.post(f"/v1/admin/reports/{kid['id']}/confirm", token=admin)
    assert confirmed.status == 200, confirmed.json
    for report in reports:
        if report is not kid:
            api.post(f"/v1/admin/reports/{report['id']}/dismiss", token=admin)


def job_flows(api: ApiClient, clock: Any, token: str, export_id: str, gate: Gate) -> None:
    """Every scheduled job with work to do: the export, the reaper (a workflow past its
    timeout), the reconciler, a deletion past its grace period, retention."""
    assert run_job("privacy_exports")["completed"] >= 1
    assert api.get(f"/v1/privacy/requests/{export_id}", token=token).json["download_url"]
    run_job("stripe_reconciler")
    clock.advance(minutes=40)
    try:
        assert run_job("generation_reaper")["released"] >= 1
    finally:
        gate.open.set()
    assert api.post("/v1/auth/reauth", {"password": PASSWORD}, token=token).status == 204
    deletion = api.post("/v1/privacy/requests", {"type": "deletion"}, token=token)
    assert deletion.status == 202, deletion.json
    user_id = api.get("/v1/me", token=token).json["id"]
    privacy.put_object(s3_keys.upload_key(user_id, "upl_stray"), b"never judged")
    clock.advance(days=8)
    assert run_job("deletion_executor")["deleted_accounts"] == 1
    clock.advance(days=800)
    run_job("retention_cleanup")
    assert set(JOBS) == {
        "privacy_exports",
        "stripe_reconciler",
        "generation_reaper",
        "deletion_executor",
        "retention_cleanup",
    }
