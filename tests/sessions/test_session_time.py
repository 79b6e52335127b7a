"""Time a session can be trusted on: turn times never go back, an assessment's clock runs
across a kill, and only its assessor resumes it."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

import pytest

from tests.sessions.session_fixtures import COMPLAINTS, EXPECTATIONS, FakeClock, tiny_bank
from tutor.export import jsonrecord, markdown
from tutor.export.record import build_record
from tutor.sessions.engine import AssessorNeeded, SessionEngine
from tutor.store.model import ClockAnomaly, TurnKind
from tutor.store.queries import Store


@pytest.fixture
def bank(tmp_path: Path):
    return tiny_bank(tmp_path / "banks")


def engine_on(bank, store: Store, clock: FakeClock) -> SessionEngine:
    return SessionEngine(bank, store, clock, random.Random(7))


def times(store: Store, session_id: int) -> list[datetime]:
    return [datetime.fromisoformat(t.at) for t in store.turns(session_id)]


def test_a_clock_set_back_holds_turn_times_and_records_the_jump_first(
    bank, store: Store, clock: FakeClock
) -> None:
    engine = engine_on(bank, store, clock)
    session_id = engine.start_assessment("Ann", "Jo Khan", [COMPLAINTS, EXPECTATIONS])
    clock.advance(75 * 60)  # 10:15
    engine.next_question()
    clock.advance(-(62 * 60))  # the clock is set back to 09:13
    engine.submit_answer("I would listen")
    turns = store.turns(session_id)
    anomaly, answer = turns[-2], turns[-1]
    assert anomaly.kind == TurnKind.ANOMALY and anomaly.actor == "tutor"
    assert anomaly.text == (
        "The computer's clock went back 1 h 02 min (from 10:15:00 to 09:13:00 UTC); times "
        "after this are held at 10:15:00 until the clock catches up."
    )
    assert ClockAnomaly.from_dict(anomaly.stored_timing or {}) == ClockAnomaly(
        clock="2026-11-02T09:13:00.000Z", held_at="2026-11-02T10:15:00.000Z", seconds=3720.0
    )
    assert answer.kind == TurnKind.ANSWER and answer.at == anomaly.at == turns[-3].at
    assert store.verify(session_id).ok


def test_a_jump_back_is_recorded_once_until_the_clock_catches_up(
    bank, store: Store, clock: FakeClock
) -> None:
    engine = engine_on(bank, store, clock)
    session_id = engine.start_practice("Ann", [COMPLAINTS, EXPECTATIONS])
    clock.advance(600)
    engine.next_question()
    clock.advance(-300)
    engine.submit_answer("listen")  # anomaly, then held
    clock.advance(60)
    engine.hint()  # still behind the jump already recorded: held, no new anomaly
    clock.advance(-120)
    engine.model_answer()  # further back than the jump recorded: a new anomaly
    clock.advance(1000)
    engine.next_question()  # caught up
    clock.advance(-10)
    engine.skip()  # a new jump back after catching up
    kinds = [t.kind for t in store.turns(session_id)]
    assert kinds.count(TurnKind.ANOMALY) == 3
    stamps = times(store, session_id)
    assert stamps == sorted(stamps)
    assert store.verify(session_id).ok


def test_the_assessors_record_is_never_dated_before_the_session(
    bank, store: Store, clock: FakeClock
) -> None:
    engine = engine_on(bank, store, clock)
    session_id = engine.start_assessment("Ann", "Jo Khan", [COMPLAINTS])
    engine.next_question()
    clock.advance(300)
    engine.submit_answer("listen and say sorry")
    clock.advance(-3600)
    engine.end()
    engine.record.declare("Ann")
    engine.record.decide(COMPLAINTS, "met", "explained it")
    engine.record.give_feedback("good", "practise more")
    engine.record.countersign("Jo Khan")
    stamps = times(store, session_id)
    assert stamps == sorted(stamps)
    decision = store.decisions(session_id)[0]
    assert datetime.fromisoformat(decision.decided_at) >= stamps[0]
    assert [t.kind for t in store.turns(session_id)].count(TurnKind.ANOMALY) == 1
    record = build_record(store, session_id, bank)
    assert record.ended_at is not None and record.ended_at >= record.started_at
    shown = [e for e in record.timeline if e.kind == TurnKind.ANOMALY]
    assert len(shown) == 1 and "clock went back 1 h 00 min" in shown[0].text
    assert "anomaly (tutor, turn" in markdown.render(record)
    doc = jsonrecord.record_document(record)
    assert any(e["kind"] == "anomaly" for e in doc["record"]["timeline"])
    assert any(t.get("timing", {}).get("key") == "clock_back" for t in doc["transcript"])
    assert jsonrecord.verify_document(doc).ok
    assert store.verify(session_id).ok


def test_a_clock_behind_when_a_session_is_resumed_is_held_and_recorded(
    bank, store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    session_id = engine_on(bank, store, clock).start_practice("Ann", [COMPLAINTS])
    clock.advance(-600)
    later = engine_on(tiny_bank(tmp_path / "banks2"), store, clock)
    later.resume_session(session_id)
    turns = store.turns(session_id)
    assert [t.kind for t in turns] == ["start", "anomaly", "resume"]
    assert turns[0].at == turns[1].at == turns[2].at
    clock.advance(60)  # still behind: the replayed state knows the jump was recorded
    engine_on(tiny_bank(tmp_path / "banks3"), store, clock).resume_session(session_id)
    assert [t.kind for t in store.turns(session_id)].count("anomaly") == 1


def test_a_timer_never_gains_time_from_a_clock_gone_back(
    bank, store: Store, clock: FakeClock
) -> None:
    engine = engine_on(bank, store, clock)
    engine.start_assessment("Ann", "Jo Khan", [COMPLAINTS], time_limit=600)
    engine.next_question()
    clock.advance(100)
    engine.note("thinking")
    clock.advance(-3600)
    assert engine.timers()["session"].elapsed == 100


# --- the clock across a kill ------------------------------------------------------------


def killed_with_a_question_waiting(
    bank, store: Store, clock: FakeClock, mode: str, *, paused: bool = False
) -> int:
    """A timed session (60 s) stopped 20 s into its first question without an end."""
    engine = engine_on(bank, store, clock)
    if mode == "assessment":
        session_id = engine.start_assessment("Ann", "Jo Khan", [COMPLAINTS], time_limit=60)
    else:
        session_id = engine.start_practice("Ann", [COMPLAINTS], time_limit=60)
    engine.next_question()
    clock.advance(20)
    if paused:
        engine.pause()
    return session_id


def test_a_killed_assessment_counts_the_time_until_it_is_resumed(
    bank, store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    session_id = killed_with_a_question_waiting(bank, store, clock, "assessment")
    clock.advance(30)  # the process is dead; the assessor's clock runs on
    later = engine_on(tiny_bank(tmp_path / "banks2"), store, clock)
    later.resume_session(session_id, by="Jo Khan")
    assert later.timers()["session"].elapsed == 50
    clock.advance(20)  # 70 s: past the limit, into its leeway
    assert later.time_up and later.timers()["session"].remaining == -10
    build = build_record(store, session_id, bank)
    assert build.running_seconds == 50  # to the last turn, the resume


def test_a_paused_assessment_resumed_later_keeps_its_time(
    bank, store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    session_id = killed_with_a_question_waiting(bank, store, clock, "assessment", paused=True)
    clock.advance(3600)
    later = engine_on(tiny_bank(tmp_path / "banks2"), store, clock)
    later.resume_session(session_id, by="Jo Khan")
    assert later.timers()["session"].elapsed == 20


def test_a_killed_practice_session_waits_for_the_learner(
    bank, store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    session_id = killed_with_a_question_waiting(bank, store, clock, "practice")
    clock.advance(30)
    later = engine_on(tiny_bank(tmp_path / "banks2"), store, clock)
    later.resume_session(session_id)
    # Practice counts to the last turn before the stop, never more time left than then.
    assert later.timers()["session"].elapsed == 0


# --- who resumes --------------------------------------------------------------------------


def test_an_assessment_is_resumed_only_by_its_assessor(
    bank, store: Store, clock: FakeClock
) -> None:
    session_id = killed_with_a_question_waiting(bank, store, clock, "assessment")
    engine = engine_on(bank, store, clock)
    with pytest.raises(AssessorNeeded, match="its assessor resumes it"):
        engine.resume_session(session_id)
    with pytest.raises(AssessorNeeded, match="not the name of session 1's assessor"):
        engine.resume_session(session_id, by="Sam Patel")
    assert [t.kind for t in store.turns(session_id)].count("resume") == 0
    engine.resume_session(session_id, by="  jo   KHAN ")
    resume = store.turns(session_id)[-1]
    assert (resume.kind, resume.actor, resume.text) == (
        "resume",
        "assessor",
        "session resumed by Jo Khan",
    )
    assert store.verify(session_id).ok


def test_a_practice_session_is_resumed_by_its_learner(
    bank, store: Store, clock: FakeClock
) -> None:
    session_id = killed_with_a_question_waiting(bank, store, clock, "practice")
    engine_on(bank, store, clock).resume_session(session_id)
    resume = store.turns(session_id)[-1]
    assert (resume.kind, resume.actor, resume.text) == ("resume", "learner", "session resumed")
