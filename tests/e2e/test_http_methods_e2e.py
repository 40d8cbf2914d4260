"""The local server hands every HTTP method to the app: an undeclared one (TRACE
included) is a 405 problem with `Allow`, never the stdlib server's 501 HTML page."""

import pytest


@pytest.mark.parametrize("method", ["TRACE", "PUT", "PROPFIND", "BREW"])
def test_undeclared_methods_answer_405_problem_json(http, method):
    response = http.request(method, "/v1/health")
    assert response.status_code == 405, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "method_not_allowed"
    assert response.headers["allow"] == "GET"


def test_undeclared_method_on_an_unknown_path_is_404_problem_json(http):
    response = http.request("TRACE", "/v1/no/such/route")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
