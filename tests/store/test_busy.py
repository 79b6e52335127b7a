"""A database another program keeps busy: writes wait, and an answer refused is never lost."""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.sessions.session_fixtures import COMPLAINTS, FakeClock, tiny_bank
from tests.store.store_helpers import add_answer, new_session
from tutor.sessions.engine import SessionEngine
from tutor.store.db import BUSY_LIMIT_SECONDS, StoreBusy
from tutor.store.queries import Store

OLD_TIMEOUT_SECONDS = 5.0


@contextmanager
def held(path: Path, how: str = "IMMEDIATE") -> Iterator[sqlite3.Connection]:
    """Another program's connection holding the write lock until released (ROLLBACK)."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute(f"BEGIN {how}")
    try:
        yield other
    finally:
        if other.in_transaction:
            other.execute("ROLLBACK")
        other.close()


def test_the_busy_limit_is_thirty_seconds_by_default(tmp_path: Path) -> None:
    with Store.open(tmp_path / "t.db") as store:
        assert store.busy_limit == BUSY_LIMIT_SECONDS == 30.0
        assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 30_000


def test_an_answer_waits_for_a_writer_holding_the_lock_past_the_old_timeout(
    tmp_path: Path,
) -> None:
    path = tmp_path / "t.db"
    with Store.open(path) as store:
        session_id = new_session(store)
        with held(path) as other:
            release = threading.Timer(OLD_TIMEOUT_SECONDS + 0.5, other.rollback)
            release.start()
            began = time.monotonic()
            add_answer(store, session_id, "I listen and put it right")
            waited = time.monotonic() - began
            release.join()
        assert waited >= OLD_TIMEOUT_SECONDS
        assert [t.text for t in store.turns(session_id)] == ["I listen and put it right"]
        assert store.verify(session_id).ok


@pytest.mark.parametrize("how", ["IMMEDIATE", "EXCLUSIVE"])
def test_a_write_refused_past_the_limit_writes_nothing_and_can_be_tried_again(
    tmp_path: Path, how: str
) -> None:
    path = tmp_path / "t.db"
    with Store.open(path, busy_limit=0.2) as store:
        session_id = new_session(store)
        with held(path, how):
            began = time.monotonic()
            with pytest.raises(StoreBusy, match="busy") as refused:
                add_answer(store, session_id, "I listen")
            assert 0.2 <= time.monotonic() - began < 5
            assert "\n" not in str(refused.value)
        assert store.turns(session_id) == []
        add_answer(store, session_id, "I listen")
        assert [t.text for t in store.turns(session_id)] == ["I listen"]
        assert store.verify(session_id).ok


def test_an_answer_refused_while_busy_is_still_awaited_and_stored_on_the_retry(
    tmp_path: Path,
) -> None:
    path = tmp_path / "t.db"
    with Store.open(path, busy_limit=0.2) as store:
        engine = SessionEngine(tiny_bank(tmp_path / "banks"), store, FakeClock(), random.Random(1))
        session_id = engine.start_practice("Ann", [COMPLAINTS])
        engine.next_question()
        with held(path), pytest.raises(StoreBusy):
            engine.submit_answer("I hear them out and say sorry")
        assert engine.awaiting_answer
        result = engine.submit_answer("I hear them out and say sorry")
        answers = [t for t in store.turns(session_id) if t.kind == "answer"]
        assert [t.text for t in answers] == ["I hear them out and say sorry"]
        assert result.seq == answers[0].seq
        assert store.verify(session_id).ok
