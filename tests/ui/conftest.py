"""Fixtures for driving the app: a tiny bank in tmp_path (or the shipped banks), a fake
clock, the app factory."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SHIPPED_BANKS
from tests.sessions.session_fixtures import FakeClock, write_tiny_bank
from tutor.ui.app import TutorApp, create_app


@pytest.fixture
def banks_dir(tmp_path: Path) -> Path:
    return write_tiny_bank(tmp_path / "banks")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "tutor.db"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_app(db_path: Path, banks_dir: Path, clock: FakeClock) -> Callable[[], TutorApp]:
    def make() -> TutorApp:
        return create_app(db_path, banks_dir, clock=clock, rng=random.Random(7))

    return make


@pytest.fixture(scope="session")
def shipped_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for the databases of the tests on the shipped banks and their bank cache
    (TUTOR_CACHE), built once (about a second) and read by the rest."""
    return tmp_path_factory.mktemp("shipped")


@pytest.fixture
def shipped_db(shipped_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TUTOR_CACHE", str(shipped_home / "cache"))
    return shipped_home / f"{tmp_path.name}.db"


@pytest.fixture
def make_shipped_app(shipped_db: Path, clock: FakeClock) -> Callable[[], TutorApp]:
    """The app over the shipped question_banks/ and a database of this test's own."""

    def make() -> TutorApp:
        return create_app(shipped_db, SHIPPED_BANKS, clock=clock, rng=random.Random(7))

    return make
