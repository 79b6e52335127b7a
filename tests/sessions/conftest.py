"""Fixtures the session tests share: a fresh store and a clock the test moves by hand."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sessions.session_fixtures import FakeClock
from tutor.store.queries import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "t.db") as opened:
        yield opened


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
