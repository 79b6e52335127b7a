"""The engine judges a criterion on all the learner's answers to its question: the feedback,
the follow-up it suggests, the review, the decision and the override all use that one
result, and every answer keeps its own reading beside it."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from tests.sessions.session_fixtures import COMPLAINTS, COMPLAINTS_Q, FakeClock, tiny_bank
from tutor.scoring.result import Judgement
from tutor.sessions.answers import criterion_result, given_answers
from tutor.sessions.engine import SessionEngine
from tutor.store import reviews
from tutor.store.queries import Store


@pytest.fixture
def engine(tmp_path: Path, store: Store, clock: FakeClock) -> SessionEngine:
    return SessionEngine(tiny_bank(tmp_path / "banks"), store, clock, random.Random(7))


def test_a_follow_up_answer_is_judged_with_the_main_answer(engine: SessionEngine) -> None:
    engine.start_practice("Ann", [COMPLAINTS])
    engine.next_question()
    first = engine.submit_answer("I would hear them out.")
    assert first.overall is not None and first.overall.summary == "Partly met · 1 of 2 points"
    engine.follow_up()
    second = engine.submit_answer("Then I'd say sorry.")
    assert second.score is not None and second.score.judgement == "partly_met"  # alone
    assert second.overall is not None
    assert second.overall.judgement is Judgement.MET
    assert second.overall.summary == "Met · 2 of 2 points"
    assert dict(second.covered).keys() == {"listen", "apologise"}
    assert second.earlier == ("listen",)
    assert second.missed == ("put it right",)
    assert second.feedback is not None and "“listen”" not in second.feedback.split("also")[-1]


def test_the_feedback_after_a_follow_up_asks_only_for_what_is_still_missing(
    engine: SessionEngine,
) -> None:
    engine.start_practice("Ann", [COMPLAINTS])
    engine.next_question()
    engine.submit_answer("I would hear them out.")
    engine.follow_up()
    result = engine.submit_answer("I'd fix the problem.")
    assert result.feedback is not None
    asked_for = result.feedback.split("also", 1)[1]
    assert "apologise" in asked_for
    assert "listen" not in asked_for and "put it right" not in asked_for


def test_the_suggested_follow_up_is_for_a_point_no_answer_has_made(
    engine: SessionEngine,
) -> None:
    engine.start_assessment("Ann", "Bob", [COMPLAINTS])
    engine.next_question()
    engine.submit_answer("I would hear them out.")
    assert engine.follow_up() == COMPLAINTS_Q.follow_ups[1]  # apologise
    engine.submit_answer("I'd say sorry.")
    assert engine.suggested_follow_up() == COMPLAINTS_Q.follow_ups[2]  # put it right, not listen


def test_each_answer_turn_keeps_its_own_reading_and_the_criterion_result(
    engine: SessionEngine, store: Store
) -> None:
    session_id = engine.start_practice("Ann", [COMPLAINTS])
    engine.next_question()
    engine.submit_answer("I would hear them out.")
    engine.retry()
    engine.submit_answer("I'd say sorry.")
    answers = [t for t in store.turns(session_id) if t.kind == "answer"]
    own = [t.score.judgement for t in answers if t.score]
    overall = [t.overall.judgement for t in answers if t.overall]
    assert own == ["partly_met", "partly_met"]
    assert overall == ["partly_met", "met"]
    points = answers[1].overall.points if answers[1].overall else ()
    assert [p.answer for p in points] == [answers[0].seq, answers[1].seq, None]
    assert store.verify(session_id).ok


def test_the_review_is_the_first_answer_and_records_the_criterion_result(
    engine: SessionEngine, store: Store
) -> None:
    session_id = engine.start_practice("Ann", [COMPLAINTS])
    engine.next_question()
    first = engine.submit_answer("I would hear them out.")
    engine.follow_up()
    engine.submit_answer("I'd say sorry.")
    logged = reviews.learner_reviews(store, "Ann")
    assert [(r.session_id, r.turn_seq) for r in logged] == [(session_id, first.seq)]
    assert first.overall is not None and logged[0].score == pytest.approx(first.overall.score)


def test_the_practice_history_holds_the_criterion_score_after_each_answer(
    engine: SessionEngine, store: Store
) -> None:
    engine.start_practice("Ann", [COMPLAINTS])
    engine.next_question()
    engine.submit_answer("I would hear them out.")
    engine.follow_up()
    second = engine.submit_answer("I'd say sorry.")
    history = [score for _, score in store.criterion_history("Ann")[COMPLAINTS]]
    assert second.overall is not None and history[-1] == pytest.approx(second.overall.score)
    assert history == sorted(history)  # a follow-up answer never lowers the criterion


def test_a_resumed_session_still_judges_on_the_answers_before_it(
    engine: SessionEngine, store: Store, tmp_path: Path, clock: FakeClock
) -> None:
    session_id = engine.start_practice("Ann", [COMPLAINTS])
    engine.next_question()
    engine.submit_answer("I would hear them out.")
    engine.follow_up()
    later = SessionEngine(tiny_bank(tmp_path / "banks2"), store, clock, random.Random(1))
    later.resume_session(session_id)
    result = later.submit_answer("I'd say sorry.")
    assert result.overall is not None and result.overall.judgement is Judgement.MET


def test_a_decision_keeps_the_result_on_every_answer_and_the_override_its_answer(
    engine: SessionEngine, store: Store
) -> None:
    session_id = engine.start_assessment("Ann", "Bob", [COMPLAINTS])
    engine.next_question()
    main = engine.submit_answer("I would hear them out.")
    engine.follow_up()
    engine.submit_answer("I'd say sorry.")
    engine.end()
    answers = engine.record.answers(COMPLAINTS)
    assert answers[0].seq == main.seq
    assert [a.asked_kind for a in answers] == ["question", "follow_up"]
    result = engine.record.criterion_result(COMPLAINTS)
    assert result is not None and result.summary == "Met · 2 of 2 points"
    engine.record.override(main.seq, "met", "listened well, in the learner's own words")
    engine.record.decide(COMPLAINTS, "not_yet_met", "did not say how to put it right")
    (override,) = store.score_overrides(session_id)
    (decision,) = store.decisions(session_id)
    assert override.answer_seq == main.seq
    assert decision.machine.judgement == "met"
    assert decision.machine.points_covered == 2
    assert decision.overrides_machine is True
    assert store.verify(session_id).ok


def test_the_learners_declaration_is_a_turn_of_the_learner(
    engine: SessionEngine, store: Store
) -> None:
    session_id = engine.start_assessment("Ann", "Bob", [COMPLAINTS])
    engine.end()
    assert engine.record.authenticity is None
    engine.record.declare("Ann Learner")
    engine.record.countersign("Bob Assessor")
    declared = engine.record.authenticity
    assert declared is not None and declared.name == "Ann Learner"
    actors = {t.seq: t.actor for t in store.turns(session_id)}
    assert [actors[d.turn_seq] for d in store.declarations(session_id)] == [
        "learner",
        "assessor",
    ]


def test_answers_stored_before_results_were_combined_are_combined_when_read(
    engine: SessionEngine, store: Store
) -> None:
    session_id = engine.start_practice("Ann", [COMPLAINTS])
    engine.next_question()
    engine.submit_answer("I would hear them out.")
    engine.retry()
    engine.submit_answer("I'd say sorry.")
    # As an older tutor stored them: each answer's own score, no "overall".
    old = [replace(t, overall=None) if t.kind == "answer" else t for t in store.turns(session_id)]
    answers = [a.turn for a in given_answers(old, COMPLAINTS)]
    result = criterion_result(answers, COMPLAINTS_Q.rubric, "Describe")
    assert result is not None and result.judgement is Judgement.MET
    without_rubric = criterion_result(answers, None, "Describe")
    assert without_rubric is not None and without_rubric.judgement is Judgement.PARTLY_MET
