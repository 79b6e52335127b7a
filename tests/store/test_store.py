from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from tests.store.store_helpers import QUESTION, REF, a_score, add_answer, new_session
from tutor.errors import StoreError
from tutor.store.db import StoreBusy
from tutor.store.queries import Store
from tutor.store.schema import MIGRATIONS, SCHEMA_VERSION


def _append(store: Store, session_id: int, text: str) -> None:
    add_answer(store, session_id, text, question_hash=QUESTION.content_hash, score=a_score(0.5))


def test_new_database_uses_wal_foreign_keys_and_the_current_schema(tmp_path: Path) -> None:
    with Store.open(tmp_path / "deep" / "tutor.db") as store:
        conn = store.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_question_is_stored_once_by_content_hash(tmp_path: Path) -> None:
    with Store.open(tmp_path / "t.db") as store:
        new_session(store)
        new_session(store, "Bea")
        rows = store.conn.execute("SELECT hash, question_id FROM questions").fetchall()
    assert rows == [(QUESTION.content_hash, "q1")]


def test_a_database_from_a_newer_tutor_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    Store.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer tutor") as caught:
        Store.open(path)
    assert "\n" not in str(caught.value)


def test_a_corrupt_file_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="not a tutor database or is damaged"):
        Store.open(path)


def test_someone_elses_sqlite_file_is_not_written_to(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    with pytest.raises(StoreError, match="not a tutor one"):
        Store.open(path)


def test_a_read_only_file_can_be_read_but_not_written(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    with Store.open(path) as store:
        session_id = new_session(store)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.conn.execute("PRAGMA journal_mode = DELETE")
    with Store.open(path, readonly=True) as store:
        assert store.session(session_id)["learner"] == "Ann"
        with pytest.raises(StoreError, match="read-only"):
            _append(store, session_id, "an answer")


def test_an_older_database_is_migrated_forward_keeping_its_turns(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    conn = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS[1](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    with Store.open(path) as store:
        session_id = new_session(store)
        _append(store, session_id, "listen to the customer")
    with Store.open(path) as store:
        hits = store.search("customer")
    assert [h.text for h in hits] == ["listen to the customer"]


def _writer(path: str, session_id: int, label: str, count: int) -> None:
    with Store.open(path) as store:
        for i in range(count):
            _append(store, session_id, f"{label} {i}")


def test_two_processes_writing_one_session_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    with Store.open(path) as store:
        session_id = new_session(store)
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_writer, args=(str(path), session_id, label, 150))
        for label in ("left", "right")
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    with Store.open(path) as store:
        texts = {t.text for t in store.turns(session_id)}
        assert store.verify(session_id).ok
    assert texts == {f"{label} {i}" for label in ("left", "right") for i in range(150)}


def test_a_busy_database_gives_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    with Store.open(path) as store:
        session_id = new_session(store)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with Store.open(path, busy_limit=0.1) as store:
            with pytest.raises(StoreBusy, match="busy") as caught:
                _append(store, session_id, "an answer")
            assert "\n" not in str(caught.value)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    with Store.open(path) as store:
        assert store.turns(session_id) == []


def test_sessions_are_listed_newest_first_with_turn_counts(tmp_path: Path) -> None:
    with Store.open(tmp_path / "t.db") as store:
        first = new_session(store)
        _append(store, first, "one")
        second = store.create_session(
            learner="Bea",
            mode="practice",
            planned_criteria=[REF],
            question_plan=[(REF, QUESTION)],
            started_at="2026-11-03T09:00:00.000Z",
        )
        listed = store.list_sessions()
        assert [(s["id"], s["turns"]) for s in listed] == [(second, 0), (first, 1)]
        assert [s["id"] for s in store.list_sessions("Ann")] == [first]
