from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from tests.sessions.session_fixtures import (
    COMPLAINTS,
    EXPECTATIONS,
    NO_QUESTIONS,
    PURPOSE,
    FakeClock,
    tiny_bank,
)
from tutor.sessions.engine import AnswerTooLong, SessionEngine
from tutor.sessions.state import ModeError, SessionError
from tutor.store.queries import Store


@pytest.fixture
def engine(tmp_path: Path, store: Store, clock: FakeClock) -> SessionEngine:
    return SessionEngine(tiny_bank(tmp_path / "banks"), store, clock, random.Random(7))


def test_an_answer_is_on_disk_before_submit_returns(engine: SessionEngine, tmp_path: Path) -> None:
    engine.start_practice("Ann", [COMPLAINTS])
    engine.next_question()
    engine.submit_answer("I would listen and say sorry")
    other = sqlite3.connect(tmp_path / "t.db")
    stored = other.execute("SELECT text FROM turns WHERE kind = 'answer'").fetchall()
    assert stored == [("I would listen and say sorry",)]


def test_practice_feedback_names_points_covered_with_their_words_and_missed(
    engine: SessionEngine,
) -> None:
    engine.start_practice("Ann", [COMPLAINTS])
    engine.next_question()
    result = engine.submit_answer("I would listen to them and say sorry")
    covered = dict(result.covered)
    assert "listen" in covered and "say sorry" in covered["apologise"]
    assert result.missed == ("put it right",)
    assert result.feedback
    assert engine.follow_up() == "What then?"


def test_weakest_and_never_practised_criteria_come_first(engine: SessionEngine) -> None:
    engine.start_practice("Ann", [COMPLAINTS])
    engine.next_question()
    engine.submit_answer("listen, say sorry and fix the problem")
    engine.end()
    engine.start_practice("Ann", [COMPLAINTS, EXPECTATIONS])
    assert engine.next_question().criterion == EXPECTATIONS


def test_an_assessment_never_shows_hints_model_answers_or_feedback(
    engine: SessionEngine,
) -> None:
    engine.start_assessment("Ann", "Bob", [COMPLAINTS])
    engine.next_question()
    with pytest.raises(ModeError):
        engine.hint()
    with pytest.raises(ModeError):
        engine.model_answer()
    with pytest.raises(ModeError):
        engine.retry()
    result = engine.submit_answer("listen")
    assert result.feedback is None and result.score is not None


def test_an_assessment_follow_up_never_names_a_rubric_point(engine: SessionEngine) -> None:
    engine.start_assessment("Ann", "Bob", [EXPECTATIONS])
    engine.next_question()
    engine.submit_answer("no idea")
    assert engine.suggested_follow_up() is None  # no written follow-ups: none invented


def test_a_resit_draws_a_question_not_asked_before(engine: SessionEngine) -> None:
    engine.start_assessment("Ann", "Bob", [PURPOSE])
    first = engine.next_question().question.id
    engine.submit_answer("customers come back")
    engine.end()
    engine.start_assessment("Ann", "Bob", [PURPOSE])
    assert engine.next_question().question.id != first


def test_a_decision_keeps_the_machine_score_beside_it_and_flags_an_override(
    engine: SessionEngine, store: Store
) -> None:
    session_id = engine.start_assessment("Ann", "Bob", [COMPLAINTS, EXPECTATIONS])
    engine.next_question()
    engine.submit_answer("listen, say sorry and fix the problem")
    engine.next_question()
    engine.end()
    engine.record.decide(COMPLAINTS, "not_yet_met", "did not explain why")
    left = engine.record.close_pending()
    decisions = store.decisions(session_id)
    assert decisions[0].machine.judgement == "met"
    assert decisions[0].overrides_machine is True
    assert left == [EXPECTATIONS] and decisions[1].decision == "pending"
    answer = next(t for t in store.turns(session_id) if t.kind == "answer")
    assert answer.score is not None and answer.score.judgement == "met"  # untouched
    assert store.verify(session_id).ok


def test_a_decision_needs_a_known_word_and_a_reason(engine: SessionEngine) -> None:
    engine.start_assessment("Ann", "Bob", [COMPLAINTS])
    with pytest.raises(SessionError):
        engine.record.decide(COMPLAINTS, "passed", "fine")
    with pytest.raises(SessionError):
        engine.record.decide(COMPLAINTS, "met", " ")


def test_resume_rebuilds_the_waiting_question_from_the_turns(
    engine: SessionEngine, tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    session_id = engine.start_practice("Ann", [COMPLAINTS, EXPECTATIONS])
    engine.next_question()
    engine.submit_answer("listen")
    second = engine.next_question()
    later = SessionEngine(tiny_bank(tmp_path / "banks2"), store, clock, random.Random(1))
    waiting = later.resume_session(session_id)
    assert waiting is not None and waiting.criterion == second.criterion
    later.submit_answer("ask them and read surveys")
    assert later.next_question() is None
    kinds = [t.kind for t in store.turns(session_id)]
    assert kinds.count("question") == 2 and kinds.count("answer") == 2
    assert "resume" in kinds


def test_an_ended_session_cannot_be_resumed(engine: SessionEngine) -> None:
    session_id = engine.start_practice("Ann", [COMPLAINTS])
    engine.end()
    with pytest.raises(SessionError, match="has ended"):
        engine.resume_session(session_id)


def test_pausing_stops_the_clock(engine: SessionEngine, clock: FakeClock) -> None:
    engine.start_assessment("Ann", "Bob", [COMPLAINTS], time_limit=600)
    engine.next_question()
    clock.advance(100)
    engine.pause()
    clock.advance(1000)
    engine.resume()
    clock.advance(50)
    assert engine.timers()["session"].remaining == pytest.approx(450)


def test_timer_warns_once_at_one_minute_and_at_the_limit(
    engine: SessionEngine, clock: FakeClock
) -> None:
    engine.start_assessment("Ann", "Bob", [COMPLAINTS, EXPECTATIONS], time_limit=300)
    engine.next_question()
    clock.advance(250)
    assert engine.timer_warnings() == ["The session: 1 minute left."]
    assert engine.timer_warnings() == []
    clock.advance(55)
    assert "time is up" in engine.timer_warnings()[0]
    engine.submit_answer("listen")  # within the 10% leeway: on time
    assert engine.next_question() is None and engine.time_up


def test_an_answer_after_the_leeway_is_kept_and_marked_late(
    engine: SessionEngine, clock: FakeClock
) -> None:
    engine.start_assessment("Ann", "Bob", [COMPLAINTS], question_time_limit=100)
    engine.next_question()
    clock.advance(111)
    result = engine.submit_answer("listen")
    assert result.late


def test_a_huge_answer_is_refused_whole_and_nothing_is_stored(
    engine: SessionEngine, store: Store
) -> None:
    session_id = engine.start_practice("Ann", [COMPLAINTS])
    engine.next_question()
    with pytest.raises(AnswerTooLong, match="Nothing was stored"):
        engine.submit_answer("x" * 2_000_001)
    assert [t.kind for t in store.turns(session_id)] == ["start", "question"]
    assert engine.awaiting_answer


def test_a_megabyte_answer_with_escapes_is_stored_faithfully(
    engine: SessionEngine, store: Store
) -> None:
    session_id = engine.start_practice("Ann", [COMPLAINTS])
    engine.next_question()
    answer = ("listen \x1b[2J\x07 say sorry \u202e emoji \U0001f600 " * 25_000)[:1_048_576]
    engine.submit_answer(answer)
    stored = next(t for t in store.turns(session_id) if t.kind == "answer")
    assert stored.text == answer
    assert store.verify(session_id).ok


def test_unknown_criteria_and_criteria_without_questions_are_refused(
    engine: SessionEngine,
) -> None:
    with pytest.raises(SessionError, match="not in the question bank"):
        engine.start_practice("Ann", ["J/506/2132 9.9"])
    with pytest.raises(SessionError, match="has a question"):
        engine.start_practice("Ann", [NO_QUESTIONS])


def test_an_override_keeps_the_machine_score_untouched_and_verifies(
    engine: SessionEngine, store: Store
) -> None:
    session_id = engine.start_assessment("Ann", "Bob", [COMPLAINTS])
    engine.next_question()
    engine.submit_answer("listen")
    engine.record.override(None, "met", "explained listening in depth aloud")
    override = store.score_overrides(session_id)[0]
    assert override.judgement == "met"
    assert override.machine.judgement != "met"
    answer = next(t for t in store.turns(session_id) if t.kind == "answer")
    assert answer.score == override.machine  # as stored with the answer
    assert store.verify(session_id).ok
    with pytest.raises(SessionError, match="needs a reason"):
        engine.record.override(None, "met", "")


def test_an_assessment_with_a_limit_plans_only_the_criteria_it_asks(
    engine: SessionEngine, store: Store
) -> None:
    session_id = engine.start_assessment("Ann", "Bob", [COMPLAINTS, EXPECTATIONS], limit=1)
    asked = engine.next_question()
    assert store.session(session_id)["planned_criteria"] == [asked.criterion]
