"""The e2e tier drives the running local stack over HTTP with httpx: one stack (a
subprocess of `python -m devstack`, as `make run` starts it) shared by the tests,
each using its own accounts."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.support.local_stack import StackProcess


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StackProcess]:
    process = StackProcess(
        tmp_path_factory.mktemp("stack") / "state",
        # Deletions run at once so the flow can be followed to the end in one test.
        {"DELETION_GRACE_DAYS": "0", "ADMIN_EMAILS": "admin@example.com"},
    ).start()
    yield process
    process.stop()


@pytest.fixture
def local_stack(stack: StackProcess) -> dict[str, str]:
    return {"base": stack.url, "aws": f"http://127.0.0.1:{stack.aws_port}"}


@pytest.fixture
def http(stack: StackProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=stack.url, timeout=60) as client:
        yield client
