"""The e2e tier drives the running local stack over HTTP with httpx."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.local_stack import StackProcess


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StackProcess]:
    """One running local stack shared by the e2e tests (each uses its own accounts)."""
    process = StackProcess(tmp_path_factory.mktemp("stack") / "state").start()
    yield process
    process.stop()
