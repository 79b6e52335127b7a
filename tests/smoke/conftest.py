"""Fixtures of the smoke tests: the smoke database, built once per test session and shared
read-only, and a copy of it for the app to write to."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.smoke.smoke_data import SmokeData, build_smoke_data
from tutor.settings import cache_dir


@pytest.fixture(scope="session")
def smoke_data(tmp_path_factory: pytest.TempPathFactory) -> SmokeData:
    return build_smoke_data(tmp_path_factory.mktemp("smoke") / "tutor.db")


@pytest.fixture
def app_db(smoke_data: SmokeData, tmp_path: Path) -> Path:
    """A copy of the smoke database (and its bank cache) the app may write to."""
    db = tmp_path / "app" / "tutor.db"
    db.parent.mkdir()
    with closing(sqlite3.connect(smoke_data.db)) as source, closing(sqlite3.connect(db)) as copy:
        source.backup(copy)
    shutil.copytree(cache_dir(smoke_data.db), cache_dir(db))
    return db
