"""Fixtures for driving the app: a tiny bank in tmp_path, a fake clock, the app factory."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

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
