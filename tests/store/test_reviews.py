"""The review log and schedule in the database: written with the answer, never ahead of it,
carried forward from older databases."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.sessions.practice_fixtures import ALL, BAD, GOOD, practise
from tests.sessions.session_fixtures import COMPLAINTS, PURPOSE, FakeClock, tiny_bank
from tutor.sessions.engine import SessionEngine
from tutor.store import reviews as stored
from tutor.store.queries import Store, Transaction
from tutor.store.schema import MIGRATIONS, SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[2]


def _engine(tmp_path: Path, store: Store, clock: FakeClock) -> SessionEngine:
    return SessionEngine(tiny_bank(tmp_path / "banks"), store, clock, random.Random(3))


def _copy_as_schema_2(source: Path, target: Path) -> None:
    """`target`: a database as a tutor before revision scheduling (schema 2) would have
    written it, holding `source`'s learners, questions, sessions and turns."""
    conn = sqlite3.connect(target, isolation_level=None)
    for version in (1, 2):
        MIGRATIONS[version](conn)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("ATTACH DATABASE ? AS source", (str(source),))
    for table in ("learners", "assessors", "centres", "questions", "sessions", "turns"):
        columns = ", ".join(row[1] for row in conn.execute(f"PRAGMA main.table_info({table})"))
        conn.execute(f"INSERT INTO main.{table} ({columns}) SELECT {columns} FROM source.{table}")
    conn.execute("DETACH DATABASE source")
    conn.close()


def test_a_failed_review_write_leaves_no_answer_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    with Store.open(tmp_path / "t.db") as store:
        engine = _engine(tmp_path, store, clock)
        engine.start_practice("Ann", [COMPLAINTS])
        engine.next_question()

        def disk_full(*args: object) -> None:
            raise sqlite3.OperationalError("database or disk is full")

        monkeypatch.setattr(Transaction, "add_review", disk_full)
        with pytest.raises(Exception, match="disk is full"):
            engine.submit_answer(GOOD[COMPLAINTS])
        answers = store.conn.execute("SELECT count(*) FROM turns WHERE kind = 'answer'")
        assert answers.fetchone()[0] == 0
        assert stored.learner_reviews(store, "Ann") == []


def test_a_killed_session_keeps_every_answer_with_its_review(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import random, sys, time
        from pathlib import Path
        sys.path.insert(0, {str(ROOT)!r})
        from tests.sessions.practice_fixtures import GOOD
        from tests.sessions.session_fixtures import FakeClock, tiny_bank, COMPLAINTS, PURPOSE
        from tutor.sessions.engine import SessionEngine
        from tutor.store.queries import Store, Transaction
        store = Store.open({str(tmp_path / "t.db")!r})
        clock = FakeClock()
        engine = SessionEngine(tiny_bank(Path({str(tmp_path / "banks")!r})), store, clock,
                               random.Random(1))
        engine.start_practice("Ann", [PURPOSE, COMPLAINTS])
        question = engine.next_question()
        clock.advance(30)
        engine.submit_answer(GOOD[question.criterion])
        engine.next_question()
        print("answered", flush=True)
        time.sleep(60)
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "answered"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    with Store.open(tmp_path / "t.db") as store:
        answers = store.conn.execute(
            "SELECT seq, criterion FROM turns WHERE kind = 'answer'"
        ).fetchall()
        logged = [(r.turn_seq, r.criterion) for r in stored.learner_reviews(store, "Ann")]
        assert answers and logged == [tuple(a) for a in answers]
        assert set(stored.learner_cards(store, "Ann")) == {answers[0][1]}


def test_an_older_database_gains_reviews_from_its_practice_answers(tmp_path: Path) -> None:
    clock = FakeClock()
    path = tmp_path / "t.db"
    with Store.open(path) as store:
        engine = _engine(tmp_path, store, clock)
        practise(engine, clock, ALL, {PURPOSE: BAD})
        engine.start_practice("Ann", [COMPLAINTS])
        engine.next_question()
        engine.hint()
        engine.submit_answer(GOOD[COMPLAINTS])
        engine.retry()
        engine.submit_answer(GOOD[COMPLAINTS])  # a retry: no review then, none now
        engine.end()
        engine.start_assessment("Ann", "Sam", [COMPLAINTS])
        engine.next_question()
        engine.submit_answer(GOOD[COMPLAINTS])  # an assessment: no review
        engine.end()
        before = stored.learner_reviews(store, "Ann")
    old = tmp_path / "v2.db"
    _copy_as_schema_2(path, old)
    with Store.open(old) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        after = stored.learner_reviews(store, "Ann")
        assert [(r.criterion, r.turn_seq, r.at, r.score) for r in after] == [
            (r.criterion, r.turn_seq, r.at, r.score) for r in before
        ]
        # Ratings follow the same rule, except that Easy needs the rubric's size: Good.
        assert [r.rating for r in after] == [min(r.rating, 3) for r in before]
        assert set(stored.learner_cards(store, "Ann")) == set()  # rebuilt when needed


def test_a_learner_setting_is_kept_and_replaced(tmp_path: Path) -> None:
    with Store.open(tmp_path / "t.db") as store:
        assert stored.setting(store, "Ann", "streak") is None
        stored.set_setting(store, "Ann", "streak", "on", "2026-11-02T09:00:00.000Z")
        stored.set_setting(store, "Ann", "streak", "off", "2026-11-03T09:00:00.000Z")
        assert stored.setting(store, "Ann", "streak") == "off"
        assert stored.known_learner(store, "Ann")


def test_the_latest_decision_stands(tmp_path: Path) -> None:
    clock = FakeClock()
    with Store.open(tmp_path / "t.db") as store:
        engine = _engine(tmp_path, store, clock)
        for decision in ("not_yet_met", "met"):
            engine.start_assessment("Ann", "Sam", [COMPLAINTS])
            engine.next_question()
            engine.submit_answer(GOOD[COMPLAINTS])
            engine.end()
            engine.record.decide(COMPLAINTS, decision, "reason")
            clock.advance(86400)
        assert stored.latest_decisions(store, "Ann") == {COMPLAINTS: "met"}
