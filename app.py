"""Wiring only: the Chalice app, middleware, blueprints and Lambda entry points."""

from __future__ import annotations

from typing import Any

from chalice import Chalice

from chalicelib import jobs
from chalicelib.api import auth, billing, checkout_simulator, health, legal, me, webhooks
from chalicelib.api import dev as dev_routes
from chalicelib.api.middleware import handle as http_middleware
from chalicelib.services import get_services

app = Chalice(app_name="gpt-image-2")
app.register_middleware(http_middleware, "http")
for module in (health, auth, me, legal, dev_routes, billing, webhooks, checkout_simulator):
    app.register_blueprint(module.router.blueprint)


@app.lambda_function(name="run_job")
def run_job(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return jobs.run_job(event["job"], get_services())
