"""The OpenAPI document describes exactly the routes that exist."""

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
