"""The local checkout simulator's routes (registered by `devstack.wiring` on the local
stage only; 404 unless the Stripe stand-in is in use, i.e. no STRIPE_SECRET_KEY)."""

from __future__ import annotations

from typing import Any

from chalicelib.api.request_context import Reply, RequestContext
from chalicelib.api.routing import Router
from chalicelib.errors import NotFound
from devstack.dev_models import CheckoutPaid, CheckoutPayment, HtmlPage

router = Router(__name__, "dev")


def _stand_in(ctx: RequestContext) -> Any:
    from devstack.stripe_stand_in import LocalStripe

    stripe = ctx.services.stripe
    if not isinstance(stripe, LocalStripe):
        raise NotFound("Not found.")
    return stripe


def _session(stripe: Any, session_id: str) -> dict[str, Any]:
    from devstack.stripe_stand_in import UnknownSession

    try:
        return dict(stripe.get_session(session_id))
    except UnknownSession as exc:
        raise NotFound("No such checkout session.") from exc


@router.route(
    "/v1/dev/checkout/{session_id}",
    "GET",
    summary="The local checkout simulator page (local stage only)",
    auth="none",
    local_only=True,
    response=HtmlPage,
    media_type="text/html",
)
def checkout_page(ctx: RequestContext, session_id: str) -> Reply:
    from devstack.checkout_simulator import render_page

    page = render_page(_session(_stand_in(ctx), session_id))
    return Reply(body=page, headers={"Content-Type": "text/html; charset=utf-8"})


@router.route(
    "/v1/dev/checkout/{session_id}",
    "POST",
    summary="Pay a local checkout session: signed events go to our own webhook over HTTP",
    auth="none",
    local_only=True,
    body=CheckoutPayment,
    response=CheckoutPaid,
)
def checkout_pay(ctx: RequestContext, session_id: str) -> CheckoutPaid:
    from devstack.checkout_simulator import pay_and_deliver

    stripe = _stand_in(ctx)
    _session(stripe, session_id)
    services = ctx.services
    paid = pay_and_deliver(
        stripe,
        services.overrides["webhook_sender"],
        services.settings.stripe_webhook_secret,
        services.clock,
        session_id,
        ctx.body.outcome.value,
    )
    return CheckoutPaid.model_validate(paid)
