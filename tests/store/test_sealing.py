"""Everything a record shows is sealed: details, status, the assessor's record, the
questions, the session itself; a closed record is never added to or rewritten."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.sessions.session_fixtures import COMPLAINTS, EXPECTATIONS, FakeClock, tiny_bank
from tutor.export import render
from tutor.export.record import build_record
from tutor.sessions.engine import SessionEngine
from tutor.sessions.rules import AssessmentClose
from tutor.sessions.state import SessionError
from tutor.store.model import TurnKind
from tutor.store.queries import Store
from tutor.store.transaction import RecordClosed


def countersigned(engine: SessionEngine, registration: str = "R1") -> int:
    session_id = engine.start_assessment(
        "Sam", "Jo", [COMPLAINTS, EXPECTATIONS], registration=registration, time_limit=900
    )
    engine.next_question()
    engine.submit_answer("listen, say sorry and fix the problem")
    engine.next_question()
    engine.submit_answer("ask them questions")
    engine.end()
    closing = AssessmentClose(engine)
    closing.declare("Sam Patel")
    answer = next(t for t in engine.store.turns(session_id) if t.kind == TurnKind.ANSWER)
    closing.decide(COMPLAINTS, "not_yet_met", "no reasons given", [(answer.seq, "partly_met")])
    closing.decide(EXPECTATIONS, "met", "clear")
    closing.give_feedback("Good start.", "Add reasons.")
    closing.countersign("Jo Khan")
    return session_id


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "t.db") as opened:
        yield opened


@pytest.fixture
def engine(tmp_path: Path, store: Store) -> SessionEngine:
    return SessionEngine(tiny_bank(tmp_path / "banks"), store, FakeClock(), random.Random(7))


def test_a_countersigned_assessment_verifies(engine: SessionEngine, store: Store) -> None:
    session_id = countersigned(engine)
    assert store.verify(session_id).ok
    assert all(v.ok for v in store.verify_all())


EDITS: dict[str, tuple[str, str]] = {
    # name: (SQL run on the database, words the failed verification must contain)
    "registration": ("UPDATE learners SET registration_number = 'R9'", ""),
    "session registration": ("UPDATE sessions SET registration_number = 'R9'", "session's details"),
    "status": ("UPDATE sessions SET status = 'active'", "status"),
    "end time": ("UPDATE sessions SET ended_at = '2030-01-01T00:00:00Z'", "end time"),
    "qualification": ("UPDATE sessions SET qualification = 'x'", "session's details"),
    "time limit": ("UPDATE sessions SET time_limit_seconds = 9999", "session's details"),
    "resit": ("UPDATE sessions SET resit_of = 1", "session's details"),
    "feedback": ("UPDATE sessions SET feedback = 'Excellent.'", "feedback"),
    "decision deleted": (
        "DELETE FROM decisions WHERE decision = 'met'",
        "decision recorded at turn",
    ),
    "machine score": (
        "UPDATE decisions SET machine_score = json_set(machine_score, '$.score', 1.0)",
        "machine score",
    ),
    "override deleted": ("DELETE FROM score_overrides", "override recorded at turn"),
    "override machine score": ("UPDATE score_overrides SET machine_score = NULL", "machine score"),
    "countersignature deleted": (
        "DELETE FROM declarations WHERE kind = 'countersign'",
        "declaration recorded at turn",
    ),
    "question rubric": (
        "UPDATE questions SET question_json = replace(question_json, 'listen', 'shout')",
        "question",
    ),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_each_edit_of_a_sealed_record_is_named(
    engine: SessionEngine, store: Store, name: str
) -> None:
    session_id = countersigned(engine)
    sql, words = EDITS[name]
    store.conn.execute(sql)
    checked = store.verify(session_id)
    if name == "registration":
        # The learner's current registration is not the record's: the record keeps its own.
        assert checked.ok and store.session(session_id)["registration_number"] == "R1"
        return
    assert not checked.ok and words in checked.problem, checked.problem


def test_a_later_registration_is_an_amendment_not_a_rewrite(
    engine: SessionEngine, store: Store
) -> None:
    first = countersigned(engine, registration="R1")
    assert isinstance(engine.clock, FakeClock)
    engine.clock.advance(3600)  # an hour later, a new session with a new registration
    second = engine.start_practice("Sam", [COMPLAINTS], registration="R2")
    assert store.session(first)["registration_number"] == "R1"
    assert store.session(second)["registration_number"] == "R2"
    amended = store.conn.execute("SELECT field, old_value, new_value FROM amendments").fetchall()
    assert amended == [("registration_number", None, "R1"), ("registration_number", "R1", "R2")]
    assert all(v.ok for v in store.verify_all())
    shown = build_record(store, first)
    assert shown.registration_number == "R1"
    assert [(a["old_value"], a["new_value"]) for a in shown.amendments] == [("R1", "R2")]
    assert "registration number changed from R1 to R2" in render(shown, "md").decode()
    store.conn.execute("UPDATE amendments SET new_value = 'R3'")
    assert any("amendment" in v.problem for v in store.verify_all() if not v.ok)


def test_a_session_deleted_whole_is_noticed(engine: SessionEngine, store: Store) -> None:
    session_id = countersigned(engine)
    for table in ("decisions", "score_overrides", "declarations", "turns"):
        store.conn.execute(f"DELETE FROM {table} WHERE session_id = ?", (session_id,))
    store.conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
    failed = [v for v in store.verify_all() if not v.ok]
    assert [(v.session_id, v.problem) for v in failed] == [(session_id, "the session was deleted")]


CLOSED: dict[str, Callable[[Store, int], object]] = {
    "note": lambda store, sid: store.append_turn(
        sid, kind=TurnKind.NOTE, actor="assessor", at="2030-01-01T00:00:00Z", text="late"
    ),
    "feedback": lambda store, sid: store.record_feedback(
        sid, "changed", "changed", at="2030-01-01T00:00:00Z"
    ),
}


@pytest.mark.parametrize("name", list(CLOSED))
def test_nothing_is_added_to_a_countersigned_record(
    engine: SessionEngine, store: Store, name: str
) -> None:
    session_id = countersigned(engine)
    with pytest.raises(RecordClosed):
        CLOSED[name](store, session_id)
    assert store.verify(session_id).ok


def test_a_status_flipped_by_hand_does_not_reopen_a_session(
    engine: SessionEngine, store: Store
) -> None:
    session_id = countersigned(engine)
    store.conn.execute("UPDATE sessions SET status = 'active', ended_at = NULL")
    with pytest.raises(SessionError, match="has ended"):
        engine.resume_session(session_id, by="Jo")


def test_an_ended_session_takes_only_the_assessors_record(
    engine: SessionEngine, store: Store
) -> None:
    session_id = engine.start_assessment("Sam", "Jo", [COMPLAINTS])
    engine.next_question()
    engine.end()
    with pytest.raises(RecordClosed, match="ended"):
        store.append_turn(
            session_id, kind=TurnKind.ANSWER, actor="learner", at="2030-01-01T00:00:00Z", text="x"
        )
    engine.record.decide(COMPLAINTS, "insufficient_evidence", "no answer given")
    assert store.verify(session_id).ok
