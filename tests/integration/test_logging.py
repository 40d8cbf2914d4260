"""Logs carry ids, never emails, passwords, tokens or full IPs."""

import io
import logging
import re

import pytest

from chalicelib.observability import logger
from tests.support.api import PASSWORD


@pytest.fixture
def logs():
    """Everything the app's logger and any other logger writes during the test."""
    stream = io.StringIO()
    app_handler = logging.StreamHandler(stream)
    app_handler.setFormatter(logger.registered_formatter)
    root_handler = logging.StreamHandler(stream)
    logger._logger.addHandler(app_handler)
    logging.getLogger().addHandler(root_handler)
    yield stream
    logger._logger.removeHandler(app_handler)
    logging.getLogger().removeHandler(root_handler)


def test_signup_login_and_reset_logs_hold_no_personal_data(api, logs):
    email = "private.person@example.com"
    signup = api.signup(email)
    token = signup.json["token"]
    api.post("/v1/auth/login", {"email": email, "password": PASSWORD})
    api.post("/v1/auth/login", {"email": email, "password": "wrong password here"})
    api.post("/v1/auth/password/forgot", {"email": email})
    reset = re.search(r"token=([\w-]+)", api.last_email(email)["body"]).group(1)
    api.post("/v1/auth/password/reset", {"token": reset, "new_password": "new secret phrase 7"})
    written = logs.getvalue()
    assert written.count('"message":"request"') == 6  # the logger did write
    secrets = (email, "private.person", PASSWORD, token, reset, "new secret phrase", "127.0.0.1")
    for secret in secrets:
        assert secret not in written


def test_request_logs_carry_a_correlation_id(api, logs):
    response = api.get("/v1/health")
    assert f'"correlation_id":"{response.header("x-request-id")}"' in logs.getvalue()
