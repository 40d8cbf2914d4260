"""A warm API makes no new AWS client per request: creating a botocore client costs more
CPU than the DynamoDB call it is made for (it parses the service model), and every
authenticated request reads its session and user in a transaction."""

import botocore.session
import pytest


@pytest.fixture
def created_clients(monkeypatch):
    created = []
    original = botocore.session.Session.create_client

    def spy(self, service_name, *args, **kwargs):
        created.append(service_name)
        return original(self, service_name, *args, **kwargs)

    monkeypatch.setattr(botocore.session.Session, "create_client", spy)
    return created


def test_warm_authenticated_requests_create_no_aws_client(api, created_clients):
    token = api.verified_user("warm@example.com")
    for path in ("/v1/me", "/v1/auth/sessions", "/v1/billing"):
        assert api.get(path, token=token).status == 200
    created_clients.clear()
    for path in ("/v1/me", "/v1/auth/sessions", "/v1/billing", "/v1/me"):
        assert api.get(path, token=token).status == 200
    assert created_clients == []
