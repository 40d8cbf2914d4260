"""Shared fixtures: moto (decorator mode, Step Functions execution on, Lambda dispatched
in-process), provisioned resources, a fresh Services container and an HTTP test client.
The app runs as the local stack runs it: `devstack.wiring` registers the dev routes on it
and substitutes the local stand-ins in each container."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from moto import mock_aws

from chalicelib.clock import FrozenClock, SystemClock
from chalicelib.config import get_settings
from chalicelib.services import Services, set_services
from devstack.wiring import local_services
from tests.support.api import ApiClient

MOTO_CONFIG = {
    "stepfunctions": {"execute_state_machine": True},
    "lambda": {"use_docker": False},
}


@contextlib.contextmanager
def local_aws() -> Iterator[None]:
    """moto with the local stack's resources provisioned and Lambda run in-process."""
    from app import app
    from devstack import lambda_dispatch, moto_atomic, outbox, wiring
    from devstack.provision import provision_all

    wiring.install(app)
    moto_atomic.install()
    outbox.reset()
    with mock_aws(config=MOTO_CONFIG):
        settings = get_settings()
        lambda_dispatch.install(app, settings.resource_prefix)
        provision_all(settings, sorted(app.handler_map))
        yield


@pytest.fixture(scope="session")
def local_app() -> Any:
    """The app with the dev routes, as `python -m devstack` serves it."""
    from app import app
    from devstack import wiring

    return wiring.install(app)


@pytest.fixture
def aws(local_app: Any) -> Iterator[None]:
    with local_aws():
        yield


@pytest.fixture
def clock() -> FrozenClock:
    """Starts from the real now (whole seconds): moto, botocore and the stack stamp what
    they store with the system clock, so a fixed date would drift away from them."""
    return FrozenClock(datetime.now(UTC).replace(microsecond=0))


@pytest.fixture
def services(aws: None) -> Iterator[Services]:
    container = local_services(get_settings(), clock=SystemClock())
    set_services(container)
    yield container
    set_services(None)


@pytest.fixture
def frozen_services(aws: None, clock: FrozenClock) -> Iterator[Services]:
    container = local_services(get_settings(), clock=clock)
    set_services(container)
    yield container
    set_services(None)


@pytest.fixture
def api(services: Services) -> ApiClient:
    return ApiClient()


@pytest.fixture
def frozen_api(frozen_services: Services) -> ApiClient:
    return ApiClient()
