"""Whatever Stripe does (each event delivered 1 to 5 times, in any order), the ledger,
the balance, the plan and the invoices end up the same."""

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support import stripe_events as se
from tests.support.ledger import assert_ledger_matches_balance, ledger_of

DAY = 86400
_buyers = itertools.count(1)


def scenario(buyer, fake, now):
    """The events of a month: two packs (one partly refunded twice, one disputed and
    won) and a plan (created, first invoice, set to cancel at period end)."""
    a = se.checkout_session(buyer.user_id, "pack_medium", buyer.customer, now)
    b = se.checkout_session(buyer.user_id, "pack_small", buyer.customer, now + 1)
    fake.sessions[a["id"]] = a
    fake.sessions[b["id"]] = b
    charge = se.charge(a["payment_intent"], 2000, 500, buyer.customer, now + 10)
    dp = se.dispute(b["payment_intent"], "ch_b", 500, "needs_response", now + 20)
    sub_id = f"sub_{buyer.user_id[-10:]}"
    active = se.subscription(sub_id, buyer.customer, "plan_creator", "active", now, now + 30 * DAY)
    first = se.invoice(buyer.customer, sub_id, "plan_creator", now + 2)
    events = [
        se.event("checkout.session.completed", a, now),
        se.event("checkout.session.completed", b, now + 1),
        se.event("charge.refunded", charge, now + 10, previous={"amount_refunded": 0}),
        se.event(
            "charge.refunded",
            {**charge, "amount_refunded": 1000},
            now + 11,
            previous={"amount_refunded": 500},
        ),
        se.event("charge.dispute.created", dp, now + 20),
        se.event("charge.dispute.closed", {**dp, "status": "won"}, now + 30),
        se.event("customer.subscription.created", active, now + 2),
        se.event("invoice.paid", first, now + 2),
        se.event(
            "customer.subscription.updated",
            {**active, "cancel_at_period_end": True},
            now + 40,
            previous={"cancel_at_period_end": False},
        ),
    ]
    expected = sorted(
        [
            ("grant", 50, f"signup_bonus:{buyer.user_id}"),
            ("grant", 1000, f"stripe:checkout:{a['id']}"),
            ("grant", 200, f"stripe:checkout:{b['id']}"),
            ("grant", 1000, f"stripe:invoice:{first['id']}"),
            ("clawback", -250, f"stripe:refund:{charge['id']}:500"),
            ("clawback", -250, f"stripe:refund:{charge['id']}:1000"),
            ("clawback", -200, f"stripe:dispute:{dp['id']}"),
            ("adjustment", 200, f"stripe:dispute_won:{dp['id']}"),
        ]
    )
    return events, expected


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_duplicates_and_reordering_change_nothing(
    data, fake_stripe, make_buyer, hook, now, frozen_api
):
    buyer = make_buyer(f"order{next(_buyers)}@example.com")
    events, expected = scenario(buyer, fake_stripe, now)
    copies = [data.draw(st.integers(1, 5)) for _ in events]
    deliveries = [evt for evt, n in zip(events, copies, strict=True) for _ in range(n)]
    for evt in data.draw(st.permutations(deliveries)):
        assert hook(evt).status == 200
    assert ledger_of(buyer.user_id) == expected
    body = frozen_api.get("/v1/billing", token=buyer.token).json
    assert body["credits"]["available"] == 50 + 1000 + 200 + 1000 - 500 - 200 + 200
    assert body["plan"] == "plan_creator"
    assert body["subscription"]["cancel_at_period_end"] is True
    records = frozen_api.get("/v1/billing/invoices", token=buyer.token).json["data"]
    assert sorted((r["status"], r["amount_refunded"]) for r in records) == [
        ("paid", 0),
        ("paid", 0),
        ("partially_refunded", 1000),
    ]
    assert_ledger_matches_balance(buyer.user_id)
