"""Webhooks end to end: endpoints through the API, events from the generation workflow's
steps, attempts through the SQS queue and the `deliver_webhook` handler to a receiver on
127.0.0.1 (the local stage with WEBHOOK_ALLOW_LOCAL), signatures checked with the
`standardwebhooks` package, and the deployed rules (https, public addresses only)."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from standardwebhooks.webhooks import Webhook

from chalicelib.adapters.models.webhooks import WebhookDeliveryModel
from chalicelib.adapters.webhook_http import PinnedTransport
from chalicelib.adapters.webhook_queue import SqsWebhookQueue
from chalicelib.domain.statuses import GenerationStatus
from chalicelib.queues import WEBHOOKS
from chalicelib.workflow import steps
from tests.support.generations import ManualRunner, run_steps, user_id_of
from tests.support.webhooks import (
    FakeResolver,
    ImmediateQueue,
    Receiver,
    RecordingTransport,
    drain,
)

PROMPT = {"prompt": "a lighthouse at dawn"}
EMAIL = "hooks@example.com"


@pytest.fixture
def receiver():
    made = Receiver()
    yield made
    made.close()


def immediate_queue(services):
    s = services.settings
    queue = ImmediateQueue(SqsWebhookQueue("", WEBHOOKS.name(s.resource_prefix), s.region))
    services.overrides["webhook_queue"] = queue
    return queue


@pytest.fixture
def local(frozen_services):
    """The local stage with WEBHOOK_ALLOW_LOCAL, a manual workflow runner."""
    frozen_services.settings = replace(frozen_services.settings, webhook_allow_local=True)
    frozen_services.overrides["workflow_runner"] = ManualRunner()
    return frozen_services


def endpoint(api, token, url, events=("generation.succeeded",)):
    created = api.post("/v1/webhook-endpoints", {"url": url, "events": list(events)}, token=token)
    assert created.status == 201, created.json
    return created.json


def deliveries(api, token, endpoint_id):
    listed = api.get(f"/v1/webhook-endpoints/{endpoint_id}/deliveries", token=token)
    assert listed.status == 200, listed.json
    return listed.json["data"]


def succeed_a_generation(api, token, services):
    created = api.post("/v1/generations", PROMPT, token=token)
    assert created.status == 202, created.json
    generation_id = created.json["id"]
    ran = run_steps({"generation_id": generation_id}, services, services.workflow_runner)
    assert ran == ["Moderate", "Generate", "Finalize"]
    return generation_id


def verified(secret, got):
    """Checked as a receiver would; a timestamp the moved clock set is checked by its
    signature alone (the package refuses a timestamp five minutes off the real now)."""
    stamp = int(got.headers["webhook-timestamp"])
    if abs(stamp - time.time()) < 60:
        return Webhook(secret).verify(got.body, got.headers)
    at = datetime.fromtimestamp(stamp, UTC)
    signed = Webhook(secret).sign(got.headers["webhook-id"], at, got.body.decode())
    assert signed in got.headers["webhook-signature"].split(" ")
    return json.loads(got.body)


def test_an_event_is_retried_until_it_lands_once_signed(frozen_api, local, clock, receiver):
    queue = immediate_queue(local)
    receiver.script = [500, 503, 200]
    token = frozen_api.verified_user(EMAIL)
    hook = endpoint(frozen_api, token, receiver.url)
    assert hook["secret"].startswith("whsec_")
    generation_id = succeed_a_generation(frozen_api, token, local)
    [pending] = deliveries(frozen_api, token, hook["id"])
    assert (pending["status"], pending["attempts"], pending["event_type"]) == (
        "pending",
        0,
        "generation.succeeded",
    )
    assert poll_once() == 1
    [first] = deliveries(frozen_api, token, hook["id"])
    assert (first["status"], first["attempts"], first["response_status"]) == ("pending", 1, 500)
    kept = WebhookDeliveryModel.get(hook["id"], first["id"]).response_body
    assert kept == "x" * 1024  # the receiver said 5000 bytes: 1 KB is kept
    assert first["next_attempt_at"] > first["created_at"]
    drain()
    [done] = deliveries(frozen_api, token, hook["id"])
    assert (done["status"], done["attempts"], done["response_status"]) == ("succeeded", 3, 200)
    assert queue.delays == [0, 30, 60]  # created, then the backoff of each failure
    stored = WebhookDeliveryModel.get(hook["id"], done["id"])
    assert stored.response_body == "ok"
    assert len(receiver.got) == 3
    assert len({got.headers["webhook-id"] for got in receiver.got}) == 1
    assert len({got.body for got in receiver.got}) == 1
    event = verified(hook["secret"], receiver.got[-1])
    assert event["type"] == "generation.succeeded"
    assert event["id"] == done["event_id"] == receiver.got[-1].headers["webhook-id"]
    assert event["data"]["id"] == generation_id
    assert event["data"]["status"] == "succeeded"
    assert event["data"]["images"] and "url" not in json.dumps(event["data"]["images"])
    with pytest.raises(Exception, match="signature"):
        Webhook("whsec_" + "A" * 32).verify(receiver.got[-1].body, receiver.got[-1].headers)


def poll_once():
    from devstack.webhook_events import poll_webhooks

    return poll_webhooks()


def test_one_event_per_state_change_even_when_finalize_runs_twice(frozen_api, local, receiver):
    immediate_queue(local)
    token = frozen_api.verified_user(EMAIL)
    hook = endpoint(
        frozen_api, token, receiver.url, ("generation.succeeded", "generation.canceled")
    )
    generation_id = succeed_a_generation(frozen_api, token, local)
    assert steps.finalize({"generation_id": generation_id}, local) == {"status": "succeeded"}
    # A duplicate emit (say a retried enqueue) adds no delivery: the event id is derived.
    local.webhook_events.generation_settled(
        user_id_of(frozen_api, token), generation_id, GenerationStatus.SUCCEEDED
    )
    drain()
    assert len(deliveries(frozen_api, token, hook["id"])) == 1
    assert len(receiver.got) == 1
    # A cancel is its own change: one more event, of its own type.
    created = frozen_api.post("/v1/generations", PROMPT, token=token).json["id"]
    canceled = frozen_api.post(f"/v1/generations/{created}/cancel", token=token)
    assert canceled.status == 200, canceled.json
    assert frozen_api.post(f"/v1/generations/{created}/cancel", token=token).status == 409
    drain()
    types = [json.loads(got.body)["type"] for got in receiver.got]
    assert types == ["generation.succeeded", "generation.canceled"]


def test_the_secret_is_shown_once_and_endpoints_change(frozen_api, local, receiver):
    token = frozen_api.verified_user(EMAIL)
    hook = endpoint(frozen_api, token, receiver.url)
    one = frozen_api.get(f"/v1/webhook-endpoints/{hook['id']}", token=token)
    assert one.status == 200 and "secret" not in one.json
    listed = frozen_api.get("/v1/webhook-endpoints", token=token).json["data"]
    assert [e["id"] for e in listed] == [hook["id"]] and "secret" not in listed[0]
    assert hook["secret"] not in json.dumps(listed)
    patched = frozen_api.patch(
        f"/v1/webhook-endpoints/{hook['id']}",
        {"description": "CI", "events": ["workflow_run.completed"]},
        token=token,
    )
    assert patched.status == 200, patched.json
    assert (patched.json["description"], patched.json["events"]) == (
        "CI",
        ["workflow_run.completed"],
    )
    bad = frozen_api.patch(f"/v1/webhook-endpoints/{hook['id']}", {"events": ["nope"]}, token=token)
    assert bad.status == 422
    other = frozen_api.verified_user("other@example.com")
    assert frozen_api.get(f"/v1/webhook-endpoints/{hook['id']}", token=other).status == 404
    assert frozen_api.delete(f"/v1/webhook-endpoints/{hook['id']}", token=token).status == 204
    assert frozen_api.get(f"/v1/webhook-endpoints/{hook['id']}", token=token).status == 404


def test_ping_and_manual_retry(frozen_api, local, clock, receiver):
    immediate_queue(local)
    receiver.script = [500, 500]
    token = frozen_api.verified_user(EMAIL)
    hook = endpoint(frozen_api, token, receiver.url)
    ping = frozen_api.post(f"/v1/webhook-endpoints/{hook['id']}/test", token=token)
    assert ping.status == 202, ping.json
    assert ping.json["event_type"] == "ping"
    retry_path = f"/v1/webhook-endpoints/{hook['id']}/deliveries/{ping.json['id']}/retry"
    assert frozen_api.post(retry_path, token=token).status == 409  # still being attempted
    assert poll_once() == 1
    clock.advance(days=3)  # past the retry window: the next failure is final
    drain()
    [failed] = deliveries(frozen_api, token, hook["id"])
    assert (failed["status"], failed["attempts"], failed["next_attempt_at"]) == ("failed", 2, None)
    retried = frozen_api.post(retry_path, token=token)
    assert retried.status == 202, retried.json
    assert retried.json["status"] == "pending"
    drain()
    [done] = deliveries(frozen_api, token, hook["id"])
    assert (done["status"], done["attempts"]) == ("succeeded", 3)
    assert verified(hook["secret"], receiver.got[-1])["type"] == "ping"
    assert (
        frozen_api.post(retry_path, token=frozen_api.verified_user("x@example.com")).status == 404
    )


def test_redirects_are_not_followed(frozen_api, local, receiver):
    immediate_queue(local)
    receiver.script = [302]
    token = frozen_api.verified_user(EMAIL)
    hook = endpoint(frozen_api, token, receiver.url)
    frozen_api.post(f"/v1/webhook-endpoints/{hook['id']}/test", token=token)
    assert poll_once() == 1
    [attempt] = deliveries(frozen_api, token, hook["id"])
    assert (attempt["status"], attempt["response_status"]) == ("pending", 302)
    assert [got.path for got in receiver.got] == ["/hooks"]


def test_an_endpoint_failing_for_five_days_is_disabled_and_its_owner_told(
    frozen_api, local, clock, receiver
):
    immediate_queue(local)
    receiver.script = [500] * 10
    token = frozen_api.verified_user(EMAIL)
    hook = endpoint(frozen_api, token, receiver.url)
    frozen_api.post(f"/v1/webhook-endpoints/{hook['id']}/test", token=token)
    assert poll_once() == 1
    failing = frozen_api.get(f"/v1/webhook-endpoints/{hook['id']}", token=token).json
    assert failing["enabled"] and failing["failing_since"] is not None
    clock.advance(days=4, hours=23)
    assert poll_once() == 1
    assert frozen_api.get(f"/v1/webhook-endpoints/{hook['id']}", token=token).json["enabled"]
    clock.advance(hours=1)
    frozen_api.post(f"/v1/webhook-endpoints/{hook['id']}/test", token=token)
    drain()
    disabled = frozen_api.get(f"/v1/webhook-endpoints/{hook['id']}", token=token).json
    assert (disabled["enabled"], disabled["disabled_reason"]) == (False, "failing")
    mail = frozen_api.last_email(EMAIL)
    assert "disabled" in mail["subject"] and hook["id"] in mail["body"]
    attempts = len(receiver.got)
    succeed_a_generation(frozen_api, token, local)  # a disabled endpoint gets nothing
    drain()
    assert len(receiver.got) == attempts
    enabled = frozen_api.patch(
        f"/v1/webhook-endpoints/{hook['id']}", {"enabled": True}, token=token
    )
    assert (enabled.json["enabled"], enabled.json["failing_since"]) == (True, None)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/hooks",  # not https, and loopback
        "https://127.0.0.1/hooks",
        "https://10.0.0.5/hooks",
        "https://169.254.169.254/latest",
        "https://100.64.0.1/",
        "https://[::1]/",
        "https://[fd00::1]/",
        "https://inside.example.test/",  # a name with a private address among its answers
        "ftp://hooks.example.test/",
    ],
)
def test_deployed_rules_refuse_private_targets_at_creation(frozen_api, frozen_services, url):
    assert not frozen_services.settings.webhook_allow_local
    frozen_services.overrides["webhook_resolver"] = FakeResolver(
        {"inside.example.test": ["93.184.216.34", "192.168.1.10"]}
    )
    token = frozen_api.verified_user(EMAIL)
    refused = frozen_api.post(
        "/v1/webhook-endpoints", {"url": url, "events": ["generation.succeeded"]}, token=token
    )
    assert refused.status == 422, refused.json
    assert [e["field"] for e in refused.json["errors"]] == ["url"]


def test_a_name_that_resolves_to_loopback_at_delivery_is_refused(frozen_api, frozen_services):
    immediate_queue(frozen_services)
    resolver = FakeResolver({"hooks.example.test": ["93.184.216.34"]})
    transport = RecordingTransport()
    frozen_services.overrides["webhook_resolver"] = resolver
    frozen_services.overrides["webhook_transport"] = transport
    token = frozen_api.verified_user(EMAIL)
    hook = endpoint(frozen_api, token, "https://hooks.example.test/in")
    resolver.answers["hooks.example.test"] = ["127.0.0.1"]  # rebinding after creation
    frozen_api.post(f"/v1/webhook-endpoints/{hook['id']}/test", token=token)
    assert poll_once() == 1
    assert transport.calls == []
    [refused] = deliveries(frozen_api, token, hook["id"])
    assert (refused["status"], refused["attempts"], refused["response_status"]) == (
        "pending",
        1,
        None,
    )
    resolver.answers["hooks.example.test"] = ["93.184.216.34"]
    drain()
    assert transport.calls == [("https://hooks.example.test/in", "93.184.216.34")]


def test_a_run_completing_emits_its_event_once(api, services, receiver):
    """Through the real workflow on moto: each generation's end, then the run's close."""
    from tests.support.generations import wait_run

    services.settings = replace(services.settings, webhook_allow_local=True)
    immediate_queue(services)
    token = api.verified_user(EMAIL)
    events = ("generation.succeeded", "workflow_run.completed")
    hook = endpoint(api, token, receiver.url, events)
    workflow = {"name": "w", "steps": [{"id": "a", "kind": "generate", "prompt": "a fox"}]}
    made = api.post("/v1/workflows", workflow, token=token)
    assert made.status == 201, made.json
    run = api.post(f"/v1/workflows/{made.json['id']}/runs", {}, token=token)
    assert run.status == 202, run.json
    assert wait_run(api, token, run.json["id"])["status"] == "succeeded"
    drain()
    bodies = [verified(hook["secret"], got) for got in receiver.got]
    assert [b["type"] for b in bodies] == ["generation.succeeded", "workflow_run.completed"]
    completed = bodies[-1]["data"]
    assert (completed["id"], completed["status"]) == (run.json["id"], "succeeded")
    assert completed["generation_ids"] == [bodies[0]["data"]["id"]]
    assert bodies[0]["data"]["workflow_run_id"] == run.json["id"]


def test_a_canceled_run_emits_its_completion_once(api, services, receiver):
    """A cancel ends the run: `workflow_run.completed` with status canceled, once (the
    shares it releases afterwards close nothing more)."""
    from tests.integration.test_workflow_runs import NoStart

    services.settings = replace(services.settings, webhook_allow_local=True)
    services.replace("workflow_runner", NoStart())
    immediate_queue(services)
    token = api.verified_user(EMAIL)
    hook = endpoint(api, token, receiver.url, ("workflow_run.completed",))
    workflow = {"name": "w", "steps": [{"id": "a", "kind": "generate", "prompt": "a fox"}]}
    made = api.post("/v1/workflows", workflow, token=token).json
    run = api.post(f"/v1/workflows/{made['id']}/runs", {}, token=token).json
    canceled = api.post(f"/v1/workflow-runs/{run['id']}/cancel", token=token)
    assert canceled.status == 200, canceled.json
    drain()
    bodies = [verified(hook["secret"], got) for got in receiver.got]
    assert [(b["type"], b["data"]["status"]) for b in bodies] == [
        ("workflow_run.completed", "canceled")
    ]


def test_the_consumer_reports_a_bad_record_alone_and_skips_a_stale_one(frozen_api, local, receiver):
    """`deliver_webhook` as AWS's SQS event source calls it: a record that raises is the
    only batch item failure; a message an attempt superseded is skipped (no second call)."""
    import app as entry_points
    from tests.integration.test_entry_points import sqs_event
    from tests.support.lambda_context import FakeLambdaContext

    immediate_queue(local)
    token = frozen_api.verified_user(EMAIL)
    hook = endpoint(frozen_api, token, receiver.url)
    ping = frozen_api.post(f"/v1/webhook-endpoints/{hook['id']}/test", token=token).json
    message = {
        "user_id": user_id_of(frozen_api, token),
        "endpoint_id": hook["id"],
        "delivery_id": ping["id"],
        "attempt": 0,
    }
    event = sqs_event({"msg-ok": json.dumps(message), "msg-bad": "not json"})
    context = FakeLambdaContext(function_name="gpt-image-2-dev-deliver_webhook")
    response = entry_points.deliver_webhook(event, context)
    assert response == {"batchItemFailures": [{"itemIdentifier": "msg-bad"}]}
    assert len(receiver.got) == 1
    drain()  # the queued message of attempt 0: superseded, skipped
    assert len(receiver.got) == 1
    [done] = deliveries(frozen_api, token, hook["id"])
    assert (done["status"], done["attempts"]) == ("succeeded", 1)


class BrokenProvider:
    def create(self, request):
        from chalicelib.domain.step_errors import ProviderUnavailable

        raise ProviderUnavailable("down")


def test_a_blocked_and_a_failed_generation_emit_their_events(frozen_api, local, receiver):
    """Release records each end once: its event carries the error, as the API shows it."""
    from chalicelib.adapters.moderation import LOCAL_BLOCK_MARKER

    immediate_queue(local)
    local.overrides["image_provider"] = BrokenProvider()
    token = frozen_api.verified_user(EMAIL)
    events = ("generation.blocked", "generation.failed")
    hook = endpoint(frozen_api, token, receiver.url, events)
    made = {}
    for name, prompt in (("blocked", f"a fox {LOCAL_BLOCK_MARKER}"), ("failed", "a fox")):
        created = frozen_api.post("/v1/generations", {"prompt": prompt}, token=token)
        assert created.status == 202, created.json
        made[name] = created.json["id"]
        ran = run_steps({"generation_id": made[name]}, local, local.workflow_runner)
        assert ran[-1] == "Release"
        again = steps.release({"generation_id": made[name], "error": {}}, local)
        assert again == {"released": False}  # a retried Release changes nothing: no event
    drain()
    bodies = [verified(hook["secret"], got) for got in receiver.got]
    assert [(b["type"], b["data"]["id"]) for b in bodies] == [
        ("generation.blocked", made["blocked"]),
        ("generation.failed", made["failed"]),
    ]
    assert bodies[0]["data"]["error"]["code"] == "moderation_blocked"
    assert bodies[1]["data"]["error"]["code"] == "provider_unavailable"
    assert len(deliveries(frozen_api, token, hook["id"])) == 2


def test_the_call_goes_to_the_checked_address_under_the_name(receiver):
    """The transport never resolves the name again: it connects to the address given
    and sends the URL's host as the Host header."""
    port = receiver.server.server_address[1]
    url = f"http://hooks.example.invalid:{port}/in?x=1"
    answer = PinnedTransport().post(url, "127.0.0.1", {"webhook-id": "evt_1"}, b"{}", 5.0)
    assert (answer.status, answer.body) == (200, "ok")
    [got] = receiver.got
    assert got.path == "/in?x=1"
    assert got.headers["Host"] == f"hooks.example.invalid:{port}"
    assert got.headers["webhook-id"] == "evt_1"


def test_an_unreachable_address_is_an_answer_without_status():
    answer = PinnedTransport().post("http://127.0.0.1:9/", "127.0.0.1", {}, b"{}", 2.0)
    assert answer.status is None and answer.problem and not answer.ok


class LostQueue:
    """SQS refusing the send after the delivery was written."""

    def send(self, message, delay_seconds):
        raise ConnectionError("queue unreachable")


def test_a_delivery_whose_message_was_lost_can_be_retried_later(frozen_api, local, clock, receiver):
    local.overrides["webhook_queue"] = queue = ImmediateQueue(LostQueue())
    token = frozen_api.verified_user(EMAIL)
    hook = endpoint(frozen_api, token, receiver.url)
    ping = frozen_api.post(f"/v1/webhook-endpoints/{hook['id']}/test", token=token)
    assert ping.status == 500  # the delivery was written, its message was not
    [lost] = deliveries(frozen_api, token, hook["id"])
    retry_path = f"/v1/webhook-endpoints/{hook['id']}/deliveries/{lost['id']}/retry"
    assert frozen_api.post(retry_path, token=token).status == 409  # it may still come
    clock.advance(hours=1, seconds=1)
    s = local.settings
    queue.inner = SqsWebhookQueue("", WEBHOOKS.name(s.resource_prefix), s.region)
    assert frozen_api.post(retry_path, token=token).status == 202
    drain()
    [done] = deliveries(frozen_api, token, hook["id"])
    assert (done["status"], done["attempts"]) == ("succeeded", 1)
    assert len(receiver.got) == 1
