"""The OpenAPI document describes exactly the routes that exist."""

import json

from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_spec

from app import app


def chalice_routes():
    return {
        (method.lower(), path)
        for path, methods in app.routes.items()
        for method in methods
        if not path.startswith("/v1/test/")
    }


def test_openapi_lists_every_route_and_nothing_else(api):
    response = api.get("/v1/openapi.json")
    assert response.status == 200
    document = response.json
    documented = {(m, p) for p, ops in document["paths"].items() for m in ops}
    assert documented == chalice_routes()


def test_openapi_is_a_valid_3_1_document(api):
    document = api.get("/v1/openapi.json").json
    assert document["openapi"] == "3.1.0"
    validate_spec(document)


def test_routes_with_bodies_carry_their_schemas(api):
    document = api.get("/v1/openapi.json").json
    signup = document["paths"]["/v1/auth/signup"]["post"]
    schema = signup["requestBody"]["content"]["application/json"]["schema"]
    assert set(schema["required"]) >= {"email", "password", "birth_date"}
    assert "201" in signup["responses"]


def test_every_success_status_a_route_answers_is_documented(api):
    document = api.get("/v1/openapi.json").json
    documented = document["paths"]["/v1/privacy/requests"]["post"]["responses"]
    token = api.verified_user("openapi@example.com")
    for kind, status in (("restriction", 200), ("restriction_lift", 200), ("export", 202)):
        response = api.post("/v1/privacy/requests", {"type": kind}, token=token)
        assert response.status == status, response.json
        assert "application/json" in documented[str(status)]["content"]


def documented_response(document, method, path, status):
    """The operation's documented response for `status` ($ref followed), or None."""
    response = document["paths"][path][method.lower()]["responses"].get(str(status))
    while response is not None and "$ref" in response:
        node = document
        for part in response["$ref"].lstrip("#/").split("/"):
            node = node[part]
        response = node
    return response


def assert_documented_problem(document, method, path, response, code):
    """The problem the API answered is documented for the operation, with its code, as
    application/problem+json whose schema the body satisfies."""
    assert response.header("content-type") == "application/problem+json"
    assert response.json["code"] == code, response.json
    documented = documented_response(document, method, path, response.status)
    assert documented is not None, f"{method} {path} answered an undocumented {response.status}"
    schema = documented["content"]["application/problem+json"]["schema"]
    validator = Draft202012Validator({**schema, "components": document["components"]})
    assert list(validator.iter_errors(response.json)) == []
    assert code in json.dumps(schema), f"{code} is not among the documented codes"


def test_every_problem_an_operation_answers_is_documented(frozen_api):
    api = frozen_api
    document = api.get("/v1/openapi.json").json
    token = api.verified_user("statuses@example.com")
    cookie = {"cookie": f"session={token}", "origin": "https://evil.example"}
    big = b'{"subject": "' + b"a" * (1024 * 1024) + b'"}'
    cases = [
        ("GET", "/v1/me", api.get("/v1/me"), "unauthenticated"),
        (
            "GET",
            "/v1/generations",
            api.get("/v1/generations?limit=0", token=token),
            "validation_error",
        ),
        (
            "GET",
            "/v1/generations/{generation_id}",
            api.get("/v1/generations/gen_00000000000000000000000000", token=token),
            "not_found",
        ),
        (
            "DELETE",
            "/v1/uploads/{upload_id}",
            api.delete("/v1/uploads/upl_00000000000000000000000000", token=token),
            "not_found",
        ),
        (
            "POST",
            "/v1/support/messages",
            api.post("/v1/support/messages", {"subject": "s", "body": "b"}, headers=cookie),
            "csrf_rejected",
        ),
        (
            "POST",
            "/v1/support/messages",
            api.post("/v1/support/messages", raw=big, token=token),
            "payload_too_large",
        ),
        (
            "POST",
            "/v1/uploads",
            api.post("/v1/uploads", raw=b"x", token=token, headers={"content-type": "text/plain"}),
            "unsupported_media_type",
        ),
        (
            "POST",
            "/v1/uploads",
            api.post(
                "/v1/uploads",
                {"content_type": "image/gif", "size": 1, "purpose": "input"},
                token=token,
            ),
            "unsupported_media_type",
        ),
        (
            "POST",
            "/v1/generations/{generation_id}/cancel",
            api.post("/v1/generations/gen_00000000000000000000000000/cancel", token=token),
            "not_found",
        ),
    ]
    key = {"Idempotency-Key": "k1"}
    api.post("/v1/privacy/requests", {"type": "restriction"}, token=token, headers=key)
    cases += [
        (
            "POST",
            "/v1/privacy/requests",
            api.post("/v1/privacy/requests", {"type": "export"}, token=token, headers=key),
            "idempotency_key_reused",
        ),
        (
            "PATCH",
            "/v1/me",
            api.patch("/v1/me", {"name": "N"}, token=token),
            "processing_restricted",
        ),
        (
            "POST",
            "/v1/generations",
            api.post("/v1/generations", {"prompt": "a cat"}, token=token),
            "processing_restricted",
        ),
        (
            "POST",
            "/v1/privacy/requests/{request_id}/cancel",
            api.post(f"/v1/privacy/requests/{latest_request_id(api, token)}/cancel", token=token),
            "not_cancelable",
        ),
    ]
    api.signup("throttled@example.com")
    for _ in range(5):
        wrong = {"email": "throttled@example.com", "password": "wrong password"}
        cases.append(
            ("POST", "/v1/auth/login", api.post("/v1/auth/login", wrong), "invalid_credentials")
        )
    cases.append(("POST", "/v1/auth/login", api.post("/v1/auth/login", wrong), "rate_limited"))
    for method, path, response, code in cases:
        assert_documented_problem(document, method, path, response, code)


def latest_request_id(api, token):
    return api.get("/v1/privacy/requests", token=token).json["data"][0]["id"]


def test_a_created_resource_links_to_its_operations(api):
    document = api.get("/v1/openapi.json").json
    created = document["paths"]["/v1/uploads"]["post"]["responses"]["201"]
    links = created["links"]
    assert {link["operationId"] for link in links.values()} == {
        document["paths"]["/v1/uploads/{upload_id}"][m]["operationId"] for m in ("get", "delete")
    }
    assert all(link["parameters"] == {"upload_id": "$response.body#/id"} for link in links.values())


def assert_conforms(document, method, path, response):
    """The body satisfies the schema documented for the operation and status."""
    documented = documented_response(document, method, path, response.status)
    schema = documented["content"]["application/json"]["schema"]
    validator = Draft202012Validator({**schema, "components": document["components"]})
    assert [e.message for e in validator.iter_errors(response.json)] == []


def test_admin_lists_match_their_documented_schemas(api):
    document = api.get("/v1/openapi.json").json
    user = api.verified_user("writer@example.com")
    assert api.post("/v1/support/messages", {"subject": "s", "body": "b"}, token=user).status == 201
    assert api.post("/v1/privacy/requests", {"type": "export"}, token=user).status == 202
    admin = api.verified_user("admin@example.com")
    for path in ("/v1/admin/support/messages", "/v1/admin/privacy/requests"):
        response = api.get(path, token=admin)
        assert response.status == 200 and response.json["data"], response.json
        assert_conforms(document, "GET", path, response)
