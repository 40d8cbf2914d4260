"""Who is an admin, and what everyone else sees of the admin routes: nothing. An address in
ADMIN_EMAILS is an ordinary user until it is verified; every /v1/admin/* route answers
whoever is not a verified admin exactly what an unknown route answers."""

from __future__ import annotations

import io
import json
import re
import zipfile

from app import app
from chalicelib.config import get_settings
from chalicelib.domain import s3_keys
from tests.support.api import PASSWORD
from tests.support.privacy import s3

ADMIN = "admin@example.com"  # in ADMIN_EMAILS (tests/conftest.py)
FOREIGN_ORIGIN = "https://evil.example"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def cookie_of(response):
    return response.header("set-cookie").split(";")[0]


def exported_account(api, token, user_id):
    """account.json of the user's export, run through the export job."""
    created = api.post("/v1/privacy/requests", {"type": "export"}, token=token)
    assert created.status == 202, created.json
    assert api.post("/v1/dev/run-jobs").status == 200
    key = s3_keys.export_key(user_id, created.json["id"])
    body = s3().get_object(Bucket=get_settings().bucket, Key=key)["Body"].read()
    return json.loads(zipfile.ZipFile(io.BytesIO(body)).read("account.json"))[0]


def test_an_admin_address_is_an_ordinary_user_until_it_is_verified(api):
    signup = api.signup(ADMIN)
    assert signup.status == 201
    token = signup.json["token"]
    user_id = signup.json["user"]["id"]
    code = api.last_code(ADMIN)
    assert signup.json["user"]["role"] == "user"
    assert api.get("/v1/me", token=token).json["role"] == "user"
    login = api.post("/v1/auth/login", {"email": ADMIN, "password": PASSWORD})
    assert login.json["user"]["role"] == "user"
    assert api.get("/v1/admin/reports", token=token).status == 404
    assert exported_account(api, token, user_id)["role"] == "user"

    verified = api.post("/v1/auth/verify-email", {"code": code}, token=token)
    assert verified.status == 200
    assert verified.json["user"]["role"] == "admin"
    assert api.get("/v1/me", token=token).json["role"] == "admin"
    assert api.get("/v1/admin/reports", token=token).status == 200


def admin_routes():
    """(method, path template) of every admin route the app serves."""
    return sorted(
        (method, path)
        for path, methods in app.routes.items()
        if path.startswith("/v1/admin/")
        for method in methods
    )


def fill(path, values):
    """The path with each {parameter} replaced by a real id (a placeholder if unknown)."""
    return re.sub(r"{(\w+)}", lambda m: values.get(m.group(1), f"{m.group(1)}_unknown"), path)


def assert_invisible(api, routes, values, headers, methods, state):
    """Each admin route answers exactly what an unknown route answers; the number checked."""
    unknown = api.get("/v1/admin/no-such-route", headers=headers)
    assert unknown.status == 404 and unknown.json["code"] == "not_found"
    checked = 0
    for method, template in routes:
        if method not in methods:
            continue
        path = fill(template, values)
        response = api.request(method, path, headers=headers)
        where = (state, method, path)
        assert response.status == 404, (*where, response.json)
        assert response.header("content-type") == "application/problem+json", where
        assert response.json == unknown.json, (*where, response.json)
        checked += 1
    return checked


def test_every_admin_route_is_invisible_to_everyone_but_an_admin(api, services):
    routes = admin_routes()
    assert len(routes) >= 7  # the five of API.md and the report confirmation/dismissal
    every = {"GET", *UNSAFE}
    admin = api.signup(ADMIN)  # not verified yet
    admin_token, admin_cookie = admin.json["token"], cookie_of(admin)
    victim = api.signup("victim@example.com")
    victim_token, victim_cookie = victim.json["token"], cookie_of(victim)
    code = api.last_code("victim@example.com")
    assert api.post("/v1/auth/verify-email", {"code": code}, token=victim_token).status == 200
    user_id = victim.json["user"]["id"]
    report = api.post("/v1/reports/child-account", {"account_email": "victim@example.com"})
    assert report.status == 202
    (stored_report,), _ = services.support.reports(10, None)
    values = {"user_id": user_id, "report_id": stored_report.report_id}
    states = {
        "no credentials": ({}, every),
        "malformed bearer": ({"authorization": "Bearer not-a-token"}, every),
        "forged bearer": ({"authorization": f"Bearer {user_id}.{'A' * 43}"}, every),
        "bearer of an ordinary user": ({"authorization": f"Bearer {victim_token}"}, every),
        "unknown cookie": ({"cookie": f"session={user_id}.nothing"}, every),
        "ordinary user's cookie": ({"cookie": victim_cookie}, every),
        "ordinary user's cookie, foreign origin": (
            {"cookie": victim_cookie, "origin": FOREIGN_ORIGIN},
            every,
        ),
        "bearer of the unverified admin address": (
            {"authorization": f"Bearer {admin_token}"},
            every,
        ),
        "cookie of the unverified admin address": ({"cookie": admin_cookie}, every),
    }
    checked = sum(
        assert_invisible(api, routes, values, headers, methods, state)
        for state, (headers, methods) in states.items()
    )
    assert checked == len(routes) * len(states)

    # Verified, the admin sees the routes, but a cross-site write riding on the admin's
    # own cookie is refused the same way.
    code = api.last_code(ADMIN)
    assert api.post("/v1/auth/verify-email", {"code": code}, token=admin_token).status == 200
    for state, headers in (
        ("admin's cookie, foreign origin", {"cookie": admin_cookie, "origin": FOREIGN_ORIGIN}),
        ("admin's cookie, no origin", {"cookie": admin_cookie}),
    ):
        assert assert_invisible(api, routes, values, headers, UNSAFE, state) >= 4

    # Nothing happened to the victim or the report, and the admin sees every list.
    me = api.get("/v1/me", token=victim_token)
    assert me.status == 200 and me.json["suspended"] is False
    reports = api.get("/v1/admin/reports", token=admin_token).json["data"]
    assert [r["status"] for r in reports] == ["open"]
    for method, template in routes:
        if method == "GET":
            assert api.get(fill(template, values), token=admin_token).status == 200, template


def test_the_openapi_document_says_admin_routes_answer_404(api):
    document = api.get("/v1/openapi.json").json
    for method, path in admin_routes():
        operation = document["paths"][path][method.lower()]
        not_found = operation["responses"]["404"]
        assert "application/problem+json" in not_found["content"], path
        assert not_found["description"] == "Not Found: not_found", path
        assert "401" not in operation["responses"] and "403" not in operation["responses"], path
