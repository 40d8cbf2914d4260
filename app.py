"""Wiring only: the Chalice app, middleware, blueprints and Lambda entry points."""

from __future__ import annotations

from chalice import Chalice

from chalicelib.api import auth, health, legal, me
from chalicelib.api import dev as dev_routes
from chalicelib.api.middleware import handle as http_middleware

app = Chalice(app_name="gpt-image-2")
app.register_middleware(http_middleware, "http")
for module in (health, auth, me, legal, dev_routes):
    app.register_blueprint(module.router.blueprint)
