"""Webhook effects: grants once per paid session or invoice, clawbacks per refunded
share and dispute, amount checks, unknown events acknowledged."""

import threading

from chalicelib.adapters.ledger_store import LedgerStore
from chalicelib.adapters.models.billing import StripeEventModel
from chalicelib.domain import ledger
from chalicelib.domain.billing import is_suspended
from tests.support import stripe_events as se
from tests.support.ledger import ledger_of


def invoices(api, buyer):
    return api.get("/v1/billing/invoices", token=buyer.token).json["data"]


def test_card_payment_grants_the_pack_once(frozen_api, buyer, hook, clock, balance):
    clock.advance(seconds=1)
    now = int(clock.now().timestamp())
    session = se.checkout_session(buyer.user_id, "pack_small", buyer.customer, now)
    evt = se.event("checkout.session.completed", session, now)
    assert hook(evt).status == 200
    assert hook(evt).status == 200
    assert balance(buyer) == 250
    entries = frozen_api.get("/v1/billing/ledger", token=buyer.token).json["data"]
    assert [(e["type"], e["credits"], e["balance_after"]) for e in entries] == [
        ("grant", 200, 250),
        ("grant", 50, 50),
    ]
    assert entries[0]["reference"] == f"stripe:checkout:{session['id']}"
    [record] = invoices(frozen_api, buyer)
    assert record["status"] == "paid" and record["amount"] == 500 and record["currency"] == "usd"
    assert record["number"].startswith("GI2-")


def test_delayed_payment_that_succeeds(buyer, hook, now, balance):
    session = se.checkout_session(
        buyer.user_id, "pack_medium", buyer.customer, now, payment_status="unpaid"
    )
    assert hook(se.event("checkout.session.completed", session, now)).status == 200
    assert balance(buyer) == 50
    paid = {**session, "payment_status": "paid"}
    succeeded = se.event("checkout.session.async_payment_succeeded", paid, now + 60)
    assert hook(succeeded).status == 200
    assert hook(succeeded).status == 200
    # A completed event that says paid for the same session changes nothing either.
    assert hook(se.event("checkout.session.completed", paid, now + 61)).status == 200
    assert balance(buyer) == 1050


def test_delayed_payment_that_fails(frozen_api, buyer, hook, now, balance):
    session = se.checkout_session(
        buyer.user_id, "pack_medium", buyer.customer, now, payment_status="unpaid"
    )
    hook(se.event("checkout.session.completed", session, now))
    assert hook(se.event("checkout.session.async_payment_failed", session, now + 60)).status == 200
    assert balance(buyer) == 50
    [record] = invoices(frozen_api, buyer)
    assert record["status"] == "failed"


def test_two_concurrent_deliveries_grant_once(frozen_services, buyer, now, balance, clock):
    session = se.checkout_session(buyer.user_id, "pack_large", buyer.customer, now)
    evt = se.event("checkout.session.completed", session, now)
    processor = frozen_services.stripe_events
    barrier = threading.Barrier(2)
    outcomes = []

    def deliver():
        barrier.wait()
        outcomes.append(processor.handle(evt))

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Either delivery may apply the grant and either may record the event first, so
    # the outcome each one reports varies; what must not vary is the single grant.
    assert len(outcomes) == 2
    assert set(outcomes) <= {"granted", "already_granted", "duplicate"}
    assert outcomes.count("granted") <= 1
    assert balance(buyer) == 5050


def test_amount_mismatch_grants_nothing_and_is_kept_for_review(frozen_api, buyer, hook, now):
    session = se.checkout_session(buyer.user_id, "pack_large", buyer.customer, now, amount=500)
    evt = se.event("checkout.session.completed", session, now)
    assert hook(evt).status == 200
    assert frozen_api.get("/v1/billing", token=buyer.token).json["credits"]["available"] == 50
    assert StripeEventModel.get(evt["id"]).outcome == "review:amount_mismatch"
    assert invoices(frozen_api, buyer) == []


def test_unknown_event_types_are_acknowledged(buyer, hook, now, balance):
    evt = se.event("customer.tax_id.created", {"id": "txi_1", "object": "tax_id"}, now)
    assert hook(evt).status == 200
    assert StripeEventModel.get(evt["id"]).outcome == "ignored"
    assert balance(buyer) == 50


def refund_event(pi, amount, total, previous, buyer, now, charge_id=None):
    obj = se.charge(pi, amount, total, buyer.customer, now)
    if charge_id:
        obj["id"] = charge_id
    return se.event("charge.refunded", obj, now, previous={"amount_refunded": previous})


def test_partial_refunds_twice_claw_back_each_new_share(frozen_api, buyer, hook, now, balance):
    session = se.checkout_session(buyer.user_id, "pack_medium", buyer.customer, now)
    hook(se.event("checkout.session.completed", session, now))
    pi = session["payment_intent"]
    first = refund_event(pi, 2000, 500, 0, buyer, now + 10, charge_id="ch_refunded")
    second = refund_event(pi, 2000, 1500, 500, buyer, now + 20, charge_id="ch_refunded")
    for evt in (second, first, second, first):
        assert hook(evt).status == 200
    assert balance(buyer) == 50 + 1000 - 250 - 500
    [record] = invoices(frozen_api, buyer)
    assert record["status"] == "partially_refunded" and record["amount_refunded"] == 1500
    assert [e for e in ledger_of(buyer.user_id) if e[0] == "clawback"] == [
        ("clawback", -500, "stripe:refund:ch_refunded:1500"),
        ("clawback", -250, "stripe:refund:ch_refunded:500"),
    ]


def spend(services, user_id, credits, now):
    store: LedgerStore = services.ledger_store
    store.apply(user_id, [ledger.hold(credits, "gen:test")], now)
    store.apply(user_id, [ledger.capture(credits, "gen:test:capture")], now)


def test_dispute_lost_goes_negative_and_suspends_until_settled(
    frozen_api, frozen_services, buyer, hook, now, clock, balance
):
    session = se.checkout_session(buyer.user_id, "pack_small", buyer.customer, now)
    hook(se.event("checkout.session.completed", session, now))
    spend(frozen_services, buyer.user_id, 240, clock.now())
    pi = session["payment_intent"]
    dp = se.dispute(pi, "ch_x", 500, "needs_response", now + 10)
    assert hook(se.event("charge.dispute.created", dp, now + 10)).status == 200
    assert balance(buyer) == 10 - 200
    me = frozen_api.get("/v1/me", token=buyer.token).json
    assert me["suspended"] is True
    assert is_suspended(frozen_services.accounts_store.get_user(buyer.user_id))
    lost = se.event("charge.dispute.closed", {**dp, "status": "lost"}, now + 20)
    assert hook(lost).status == 200
    assert balance(buyer) == -190
    # Buying credits settles the balance and lifts the suspension.
    again = se.checkout_session(buyer.user_id, "pack_medium", buyer.customer, now + 30)
    hook(se.event("checkout.session.completed", again, now + 30))
    assert balance(buyer) == 810
    assert frozen_api.get("/v1/me", token=buyer.token).json["suspended"] is False


def test_dispute_won_gives_the_credits_back_in_any_order(buyer, make_buyer, hook, now, balance):
    for who, order in ((buyer, "created first"), (make_buyer("b2@example.com"), "closed first")):
        session = se.checkout_session(who.user_id, "pack_small", who.customer, now)
        hook(se.event("checkout.session.completed", session, now))
        dp = se.dispute(session["payment_intent"], "ch_y", 500, "needs_response", now + 10)
        created = se.event("charge.dispute.created", dp, now + 10)
        closed = se.event("charge.dispute.closed", {**dp, "status": "won"}, now + 20)
        events = [created, closed] if order == "created first" else [closed, created]
        for evt in events:
            assert hook(evt).status == 200
        assert balance(who) == 250
        kinds = sorted(e[0] for e in ledger_of(who.user_id))
        assert kinds == ["adjustment", "clawback", "grant", "grant"]


def test_refund_before_its_purchase_event_asks_stripe(fake_stripe, buyer, hook, now, balance):
    session = se.checkout_session(buyer.user_id, "pack_small", buyer.customer, now)
    fake_stripe.sessions[session["id"]] = session
    refund = refund_event(session["payment_intent"], 500, 500, 0, buyer, now + 5)
    assert hook(refund).status == 200
    assert balance(buyer) == 50
    assert hook(se.event("checkout.session.completed", session, now)).status == 200
    assert balance(buyer) == 50
    assert sorted(e[0] for e in ledger_of(buyer.user_id)) == ["clawback", "grant", "grant"]


def test_unmatched_refund_is_logged_for_review(buyer, hook, now, balance):
    evt = refund_event("pi_unknown", 500, 500, 0, buyer, now)
    assert hook(evt).status == 200
    assert StripeEventModel.get(evt["id"]).outcome == "review:unmatched_charge"
    assert balance(buyer) == 50
