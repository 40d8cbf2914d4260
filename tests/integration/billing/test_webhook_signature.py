"""Bad signatures answer 400 invalid_signature with no write of any kind."""

import json

import pytest

from tests.support import stripe_events as se
from tests.support.tables import all_items


@pytest.fixture
def paid_event(buyer, now):
    return se.event(
        "checkout.session.completed",
        se.checkout_session(buyer.user_id, "pack_small", buyer.customer, now),
        now,
    )


def post(api, payload: bytes, header: str | None):
    headers = {"stripe-signature": header} if header is not None else {}
    return api.post("/v1/webhooks/stripe", raw=payload, headers=headers)


def tampered(payload: bytes) -> bytes:
    index = payload.index(b'"amount_total": ') + len(b'"amount_total": ')
    return payload[:index] + b"9" + payload[index + 1 :]


CASES = {
    "tampered byte": lambda p, t: (tampered(p), se.sign(p.decode(), t)),
    "wrong secret": lambda p, t: (p, se.sign(p.decode(), t, "whsec_wrong")),
    "missing header": lambda p, t: (p, None),
    "garbage header": lambda p, t: (p, "t=abc,v1=zzz"),
    "stale timestamp": lambda p, t: (p, se.sign(p.decode(), t - 301)),
    "future timestamp": lambda p, t: (p, se.sign(p.decode(), t + 301)),
    "not utf-8": lambda p, t: (p + b"\xff", se.sign(p.decode(), t)),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_signatures_are_rejected_with_no_write(case, frozen_api, paid_event, now):
    payload = json.dumps(paid_event).encode()
    before = all_items()
    body, header = CASES[case](payload, now)
    response = post(frozen_api, body, header)
    assert response.status == 400
    assert response.json["code"] == "invalid_signature"
    assert all_items() == before


@pytest.mark.parametrize("skew", [-299, 299])
def test_timestamps_within_five_minutes_are_accepted(frozen_api, paid_event, now, skew, buyer):
    payload = json.dumps(paid_event)
    response = post(frozen_api, payload.encode(), se.sign(payload, now + skew))
    assert response.status == 200 and response.json == {"received": True}
    me = frozen_api.get("/v1/me", token=buyer.token).json
    assert me["credits"]["available"] == 50 + 200


def test_an_empty_webhook_secret_outside_local_verifies_nothing(
    frozen_api, frozen_services, paid_event, now
):
    import dataclasses
    import io
    import logging

    from chalicelib.config import SecretRef
    from chalicelib.observability import logger

    frozen_services.settings = dataclasses.replace(
        frozen_services.settings, stage="dev", stripe_webhook_secret_ref=SecretRef()
    )
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger._logger.addHandler(handler)
    try:
        payload = json.dumps(paid_event)
        before = all_items()
        response = post(frozen_api, payload.encode(), se.sign(payload, now, ""))
    finally:
        logger._logger.removeHandler(handler)
    assert response.status == 400 and response.json["code"] == "invalid_signature"
    assert all_items() == before
    assert "stripe webhook secret is not configured" in stream.getvalue()
