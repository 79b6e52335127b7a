"""The session rules both faces step through: a line's meaning, the actions on offer, and the
order an assessment closes in."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.sessions.session_fixtures import COMPLAINTS, EXPECTATIONS, FakeClock, tiny_bank
from tutor.sessions import rules
from tutor.sessions.engine import SessionEngine
from tutor.sessions.rules import Action, AssessmentClose, Move, Offer, Saved
from tutor.sessions.state import ASSESSMENT, PRACTICE, SessionError
from tutor.store.db import StoreBusy
from tutor.store.queries import Store


@pytest.fixture
def engine(tmp_path: Path, store: Store, clock: FakeClock) -> SessionEngine:
    return SessionEngine(tiny_bank(tmp_path / "banks"), store, clock, random.Random(7))


@pytest.mark.parametrize(
    ("text", "waiting", "mode", "move"),
    [
        ("listen", True, PRACTICE, Move.ANSWER),
        ("listen", True, ASSESSMENT, Move.ANSWER),
        ("  ", True, PRACTICE, Move.ANSWER_FIRST),
        ("", False, PRACTICE, Move.NEXT),
        ("", False, ASSESSMENT, Move.NEXT),
        ("and apologise", False, PRACTICE, Move.ANOTHER_TRY),
        ("what else?", False, ASSESSMENT, Move.NOT_AN_ANSWER),
    ],
)
def test_a_line_means_what_the_moment_makes_it(
    text: str, waiting: bool, mode: str, move: Move
) -> None:
    assert rules.move_for(text, awaiting_answer=waiting, mode=mode) is move


def test_text_after_a_practice_answer_is_another_try_at_the_same_question(
    engine: SessionEngine, store: Store
) -> None:
    session_id = engine.start_practice("Ann", [COMPLAINTS])
    engine.next_question()
    first = rules.send(engine, "I would listen")
    again = rules.send(engine, "and say sorry")
    assert first.move is Move.ANSWER and again.move is Move.ANOTHER_TRY
    assert again.result is not None and again.result.criterion == COMPLAINTS
    kinds = [t.kind for t in store.turns(session_id)]
    assert kinds.count("retry") == 1 and kinds.count("answer") == 2


def test_text_after_an_assessment_answer_is_not_recorded(
    engine: SessionEngine, store: Store
) -> None:
    session_id = engine.start_assessment("Ann", "Bob", [COMPLAINTS])
    engine.next_question()
    rules.send(engine, "listen and say sorry")
    before = len(store.turns(session_id))
    reply = rules.send(engine, "could you say more?")
    assert reply.move is Move.NOT_AN_ANSWER and reply.result is None
    assert len(store.turns(session_id)) == before


def test_a_busy_database_reports_nothing_saved_and_the_answer_can_be_sent_again(
    engine: SessionEngine, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    session_id = engine.start_practice("Ann", [COMPLAINTS])
    engine.next_question()

    def busy(*_: object, **__: object) -> None:
        raise StoreBusy("the database is busy")

    with monkeypatch.context() as patched:
        patched.setattr(engine, "submit_answer", busy)
        reply = rules.send(engine, "listen")
    assert reply.saved is Saved.NOTHING and engine.awaiting_answer
    assert rules.send(engine, "listen").saved is Saved.ALL
    assert [t.text for t in store.turns(session_id) if t.kind == "answer"] == ["listen"]


def test_actions_are_offered_by_mode_and_by_the_questions_moment(
    engine: SessionEngine,
) -> None:
    engine.start_practice("Ann", [COMPLAINTS])
    engine.next_question()

    def offered(action: Action, paused: bool = False) -> Offer:
        return rules.offer(engine, action, paused=paused, ended=False, time_up=False)

    assert offered(Action.HINT) is Offer.YES
    assert offered(Action.NEXT) is Offer.NO  # answer first
    assert offered(Action.ASK) is Offer.NO  # the assessor's, not the learner's
    assert offered(Action.HINT, paused=True) is Offer.PAUSED
    assert offered(Action.NOTE, paused=True) is Offer.YES
    engine.submit_answer("listen")
    assert offered(Action.HINT) is Offer.NO
    assert offered(Action.NEXT) is Offer.YES
    assert offered(Action.FOLLOW_UP) is Offer.YES  # points were missed
    assert rules.offer(engine, Action.NEXT, paused=False, ended=False, time_up=True) is Offer.NO
    assert rules.offer(engine, Action.NOTE, paused=False, ended=True, time_up=False) is Offer.NO


def test_closing_an_assessment_stores_each_part_once_in_order(
    engine: SessionEngine, store: Store
) -> None:
    session_id = engine.start_assessment("Ann", "Bob", [COMPLAINTS, EXPECTATIONS])
    engine.next_question()
    engine.submit_answer("listen, say sorry and fix the problem")
    engine.next_question()
    engine.submit_answer("ask them questions")
    engine.end()
    answer = next(t for t in store.turns(session_id) if t.kind == "answer")
    closing = AssessmentClose(engine)
    assert [c.criterion for c in closing.criteria()] == [COMPLAINTS, EXPECTATIONS]
    assert closing.criteria()[0].machine_line().startswith("machine, on 1 answer: Met")
    closing.declare("Ann Lee")
    with pytest.raises(SessionError, match="reason"):
        closing.decide(COMPLAINTS, "met", " ", overrides=[(answer.seq, "met")])
    assert store.decisions(session_id) == [] and store.score_overrides(session_id) == []
    closing.decide(COMPLAINTS, "met", "clear account", overrides=[(answer.seq, "met")])
    closing.decide(COMPLAINTS, "met", "clear account", overrides=[(answer.seq, "met")])
    assert not closing.give_feedback(" ", "")  # nothing said: nothing stored
    assert closing.give_feedback("Well explained.", "Unit 2 next.")
    # Undecided criteria are closed as pending before the countersignature, never after.
    assert closing.countersign("Bob Smith") == [EXPECTATIONS]
    assert closing.close() == []
    decisions = store.decisions(session_id)
    assert [(d.criterion, d.decision) for d in decisions] == [
        (COMPLAINTS, "met"),
        (EXPECTATIONS, "pending"),
    ]
    assert len(store.score_overrides(session_id)) == 1
    assert [t.kind for t in store.turns(session_id)].count("feedback") == 1
    assert store.verify(session_id).ok
