"""Fixtures of the smoke tests: the smoke database, built once per test session and shared
read-only, and a copy of it for the app to write to."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.smoke.smoke_data import SmokeData, build_smoke_data


@pytest.fixture(scope="session")
def smoke_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One bank cache for the whole smoke run: reading the shipped YAML takes a second."""
    return tmp_path_factory.mktemp("smoke-cache")


@pytest.fixture(autouse=True)
def _shared_cache(smoke_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_CACHE", str(smoke_cache))


@pytest.fixture(scope="session")
def smoke_data(tmp_path_factory: pytest.TempPathFactory, smoke_cache: Path) -> SmokeData:
    with pytest.MonkeyPatch.context() as env:
        env.setenv("TUTOR_CACHE", str(smoke_cache))
        return build_smoke_data(tmp_path_factory.mktemp("smoke") / "tutor.db")


@pytest.fixture
def app_db(smoke_data: SmokeData, tmp_path: Path) -> Path:
    """A copy of the smoke database the app may write to."""
    db = tmp_path / "app" / "tutor.db"
    db.parent.mkdir()
    with closing(sqlite3.connect(smoke_data.db)) as source, closing(sqlite3.connect(db)) as copy:
        source.backup(copy)
    return db
