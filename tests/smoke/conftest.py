"""Fixtures of the smoke tests: the smoke database, built once per test session and shared
read-only, and a copy of it for the app to write to."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.smoke.smoke_data import ASSESSOR, SmokeData, build_smoke_data
from tutor.signing.keys import active_info, init_key, public_key_file


@pytest.fixture(scope="session")
def smoke_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One bank cache for the whole smoke run: reading the shipped YAML takes a second."""
    return tmp_path_factory.mktemp("smoke-cache")


@pytest.fixture(scope="session")
def smoke_keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The assessor's signing key, as on an assessor's computer: every assessment the smoke
    tests hold (plain chat and app) is signed with it."""
    keys = tmp_path_factory.mktemp("smoke-keys")
    init_key(ASSESSOR, keys, clock=lambda: datetime.now(UTC))
    return keys


@pytest.fixture(autouse=True)
def _shared_cache(smoke_cache: Path, smoke_keys: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_CACHE", str(smoke_cache))
    monkeypatch.setenv("TUTOR_KEYS", str(smoke_keys))


@pytest.fixture(scope="session")
def smoke_data(
    tmp_path_factory: pytest.TempPathFactory, smoke_cache: Path, smoke_keys: Path
) -> SmokeData:
    with pytest.MonkeyPatch.context() as env:
        env.setenv("TUTOR_CACHE", str(smoke_cache))
        env.setenv("TUTOR_KEYS", str(smoke_keys))
        return build_smoke_data(tmp_path_factory.mktemp("smoke") / "tutor.db")


@pytest.fixture(scope="session")
def assessor_public_key(smoke_keys: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The assessor's public key file, as `tutor keys export` writes it."""
    path = tmp_path_factory.mktemp("smoke-public") / "jo-khan.pub"
    path.write_text(public_key_file(active_info(smoke_keys)), encoding="utf-8")
    return path


@pytest.fixture
def app_db(smoke_data: SmokeData, tmp_path: Path) -> Path:
    """A copy of the smoke database the app may write to."""
    db = tmp_path / "app" / "tutor.db"
    db.parent.mkdir()
    with closing(sqlite3.connect(smoke_data.db)) as source, closing(sqlite3.connect(db)) as copy:
        source.backup(copy)
    return db
