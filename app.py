"""Wiring only: the Chalice app, middleware, blueprints and Lambda entry points."""

from __future__ import annotations

from chalice import Chalice, Rate

from chalicelib.api import admin, auth, consent, events, health, legal, me, privacy, support
from chalicelib.api import dev as dev_routes
from chalicelib.api.middleware import handle as http_middleware
from chalicelib.jobs import run_job
from chalicelib.services import get_services

app = Chalice(app_name="gpt-image-2")
app.register_middleware(http_middleware, "http")
for module in (health, auth, me, legal, dev_routes, privacy, consent, events, support, admin):
    app.register_blueprint(module.router.blueprint)


@app.schedule(Rate(5, unit=Rate.MINUTES))
def privacy_exports(event: object) -> dict:
    return run_job("privacy_exports", get_services())


@app.schedule(Rate(1, unit=Rate.HOURS))
def deletion_executor(event: object) -> dict:
    return run_job("deletion_executor", get_services())


@app.schedule(Rate(1, unit=Rate.HOURS))
def retention_cleanup(event: object) -> dict:
    return run_job("retention_cleanup", get_services())
