"""Plans: renewals grant once per invoice, subscription events set the plan whatever
order they come in, and the reconciler applies missed events exactly once."""

from chalicelib.jobs import run_job
from tests.support import stripe_events as se
from tests.support.ledger import ledger_of

DAY = 86400


def summary(api, buyer):
    return api.get("/v1/billing", token=buyer.token).json


def test_subscription_lifecycle_with_renewals(frozen_api, buyer, hook, now):
    sub_id = "sub_lifecycle"
    session = se.checkout_session(buyer.user_id, "plan_creator", buyer.customer, now)
    session["subscription"] = sub_id
    active = se.subscription(sub_id, buyer.customer, "plan_creator", "active", now, now + 30 * DAY)
    first = se.invoice(
        buyer.customer, sub_id, "plan_creator", now, billing_reason="subscription_create"
    )
    for evt in (
        se.event("checkout.session.completed", session, now),
        se.event("customer.subscription.created", active, now),
        se.event("invoice.paid", first, now),
    ):
        assert hook(evt).status == 200
    body = summary(frozen_api, buyer)
    assert body["plan"] == "plan_creator" and body["credits"]["available"] == 1050
    assert body["subscription"]["status"] == "active"
    # Two renewals, each delivered twice.
    for month in (1, 2):
        renewal = se.invoice(buyer.customer, sub_id, "plan_creator", now + month * 30 * DAY)
        evt = se.event("invoice.paid", renewal, now + month * 30 * DAY)
        hook(evt)
        hook(evt)
    assert summary(frozen_api, buyer)["credits"]["available"] == 3050
    failed = se.invoice(buyer.customer, sub_id, "plan_creator", now + 90 * DAY, status="open")
    hook(se.event("invoice.payment_failed", failed, now + 90 * DAY))
    past_due = {**active, "status": "past_due"}
    hook(se.event("customer.subscription.updated", past_due, now + 90 * DAY + 1))
    body = summary(frozen_api, buyer)
    assert body["credits"]["available"] == 3050 and body["plan"] == "plan_creator"
    assert body["subscription"]["status"] == "past_due"
    records = frozen_api.get("/v1/billing/invoices", token=buyer.token).json["data"]
    assert [r["status"] for r in records] == ["payment_failed", "paid", "paid", "paid"]
    assert all(r["hosted_url"].startswith("https://invoice.stripe.com/") for r in records)
    # Cancel at period end: still the plan; then deleted at period end: free.
    canceling = {**active, "cancel_at_period_end": True}
    hook(se.event("customer.subscription.updated", canceling, now + 91 * DAY))
    body = summary(frozen_api, buyer)
    assert body["plan"] == "plan_creator" and body["subscription"]["cancel_at_period_end"] is True
    deleted = {**active, "status": "canceled"}
    hook(se.event("customer.subscription.deleted", deleted, now + 120 * DAY))
    # An older update arriving late changes nothing.
    hook(se.event("customer.subscription.updated", active, now + 100 * DAY))
    body = summary(frozen_api, buyer)
    assert body["plan"] == "free" and body["subscription"]["status"] == "canceled"
    assert frozen_api.get("/v1/me", token=buyer.token).json["plan"] == "free"


def test_renewal_with_the_wrong_amount_grants_nothing(frozen_api, buyer, hook, now):
    bad = se.invoice(buyer.customer, "sub_x", "plan_studio", now, amount=100)
    hook(se.event("invoice.paid", bad, now))
    assert summary(frozen_api, buyer)["credits"]["available"] == 50


def test_plan_checkout_is_refused_while_subscribed(frozen_api, buyer, hook, now):
    active = se.subscription("sub_a", buyer.customer, "plan_creator", "active", now, now + DAY)
    hook(se.event("customer.subscription.created", active, now))
    response = frozen_api.post(
        "/v1/billing/checkout", {"product_id": "plan_studio"}, token=buyer.token
    )
    assert response.status == 409 and response.json["code"] == "subscription_exists"


def test_refund_of_a_renewal_found_through_stripe(fake_stripe, frozen_api, buyer, hook, now):
    renewal = se.invoice(buyer.customer, "sub_r", "plan_creator", now)
    fake_stripe.invoices[renewal["id"]] = renewal
    fake_stripe.invoice_by_payment["pi_renewal"] = renewal["id"]
    charge = se.charge("pi_renewal", 1200, 600, buyer.customer, now + 5)
    hook(se.event("charge.refunded", charge, now + 5, previous={"amount_refunded": 0}))
    hook(se.event("invoice.paid", renewal, now))
    assert summary(frozen_api, buyer)["credits"]["available"] == 50 + 1000 - 500


def test_reconciler_applies_missed_events_once(fake_stripe, frozen_services, buyer, now, clock):
    session = se.checkout_session(buyer.user_id, "pack_small", buyer.customer, now - 3600)
    missed = se.event("checkout.session.completed", session, now - 3600)
    ignored = se.event("payment_intent.succeeded", {"id": "pi_1", "object": "payment_intent"}, now)
    too_old = se.event(
        "checkout.session.completed",
        se.checkout_session(buyer.user_id, "pack_large", buyer.customer, now - 10 * DAY),
        now - 10 * DAY,
    )
    fake_stripe.events.extend([missed, ignored, too_old])
    report = run_job("stripe_reconciler", frozen_services)
    assert report == {"listed": 2, "already_applied": 0, "applied": {"granted": 1, "ignored": 1}}
    assert run_job("stripe_reconciler", frozen_services)["already_applied"] == 2
    user = frozen_services.accounts_store.get_user(buyer.user_id)
    assert int(user.credits_available) == 250
    assert ("grant", 200, f"stripe:checkout:{session['id']}") in ledger_of(buyer.user_id)
