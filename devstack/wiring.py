"""How the local stack (and the tests, which run the app as it does) puts the dev-only
pieces on top of the production app: the dev routes and the checkout simulator as
blueprints registered on the imported `app`, and the local Stripe stand-in (plus the
HTTP sender its simulator delivers events with) through the Services container's
`overrides`. Production code never imports this package; all of it refuses any stage
but `local`."""

from __future__ import annotations

from pathlib import Path

from chalice.app import Chalice

from chalicelib.clock import Clock, SystemClock
from chalicelib.config import ConfigError, Settings, get_settings
from chalicelib.services import Services

_INSTALLED = "_devstack_blueprints"


def require_local(settings: Settings) -> None:
    if not settings.is_local:
        raise ConfigError(
            "STAGE",
            f"is {settings.stage}: the local stack's dev code runs only with STAGE=local",
        )


def install(app: Chalice, settings: Settings | None = None) -> Chalice:
    """Register the dev routes and the checkout simulator on `app` (once per app)."""
    require_local(settings or get_settings())
    if getattr(app, _INSTALLED, False):
        return app
    from devstack import checkout_routes, dev_routes

    for module in (checkout_routes, dev_routes):
        app.register_blueprint(module.router.blueprint)
    setattr(app, _INSTALLED, True)
    return app


def adopt(services: Services) -> Services:
    """Substitute the local stand-ins in a container: the Stripe stand-in when no Stripe
    secret key is configured (with one, the real SDK is used, as deployed), and the
    sender the checkout simulator posts its signed events with, and the sockets of the
    local WebSocket server as the live publisher's sender."""
    settings = services.settings
    require_local(settings)
    from devstack.realtime_server import LocalSockets
    from devstack.stripe_stand_in import LocalStripe
    from devstack.webhook_sender import HttpWebhookSender

    if not settings.stripe_secret_key_ref.configured:
        state = Path(settings.local_state_dir) / "stripe.json" if settings.local_state_dir else None
        services.overrides.setdefault(
            "stripe", LocalStripe(settings.public_base_url, services.clock, state)
        )
    services.overrides.setdefault(
        "webhook_sender", HttpWebhookSender(f"{settings.public_base_url}/v1/webhooks/stripe")
    )
    services.overrides.setdefault("connection_sender", LocalSockets())
    return services


def local_services(settings: Settings | None = None, clock: Clock | None = None) -> Services:
    """A Services container for the local stage, with the local stand-ins."""
    return adopt(Services(settings or get_settings(), clock=clock or SystemClock()))
