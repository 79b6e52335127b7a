"""A database holding one real assessment (with overrides) and one real practice session."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.export.export_fixtures import assessment_session, practice_session, qualified_bank
from tests.sessions.session_fixtures import FakeClock
from tutor.banks.model import Bank
from tutor.export.record import Record, build_record
from tutor.store.queries import Store


@pytest.fixture(autouse=True)
def _warm_cache(warm_cache: Path) -> None:
    """Exports name units and criteria from the shipped banks (the default): each test starts
    from their cached copy rather than reading the YAML again."""


@dataclass(frozen=True)
class Sessions:
    db: Path
    banks: Path
    bank: Bank
    assessment: int
    practice: int


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[Sessions]:
    banks = tmp_path / "banks"
    bank = qualified_bank(banks)
    db = tmp_path / "tutor.db"
    with Store.open(db) as store:
        assessment = assessment_session(store, bank, FakeClock())
        practice = practice_session(store, bank, FakeClock())
    yield Sessions(db, banks, bank, assessment, practice)


@pytest.fixture
def assessment_record(sessions: Sessions) -> Record:
    with Store.open(sessions.db, readonly=True) as store:
        return build_record(store, sessions.assessment, sessions.bank)


@pytest.fixture
def practice_record(sessions: Sessions) -> Record:
    with Store.open(sessions.db, readonly=True) as store:
        return build_record(store, sessions.practice, sessions.bank)
