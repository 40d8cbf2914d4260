"""The e2e tier drives the running local stack over HTTP with httpx."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.local_stack import StackProcess


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StackProcess]:
    process = StackProcess(tmp_path_factory.mktemp("stack") / "state").start()
    yield process
    process.stop()
