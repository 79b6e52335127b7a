"""A session and its answers written straight to the store, for the store's own tests."""

from __future__ import annotations

from typing import Any

from tutor.banks.model import Question
from tutor.scoring.result import Judgement, Score
from tutor.store.queries import Store, Turn

REF = "J/506/2132 1.1"
QUESTION = Question(id="q1", text="Why does customer service matter?")
STARTED = "2026-11-02T09:00:00.000Z"
ANSWERED = "2026-11-02T09:00:01.000Z"


def new_session(
    store: Store,
    learner: str = "Ann",
    *,
    mode: str = "practice",
    assessor: str | None = None,
    question: Question = QUESTION,
) -> int:
    """A session planned on REF with one question; returns its id."""
    return store.create_session(
        learner=learner,
        mode=mode,
        assessor=assessor,
        planned_criteria=[REF],
        question_plan=[(REF, question)],
        started_at=STARTED,
    )


def a_score(value: float = 0.5, feedback: str = "") -> Score:
    """A machine score with no points, as small as the store can be given."""
    return Score(value, Judgement.PARTLY_MET, (), (), feedback, False, False)


def add_answer(store: Store, session_id: int, text: str, **more: Any) -> Turn:
    """The learner's answer on REF."""
    return store.append_turn(
        session_id,
        kind="answer",
        actor="learner",
        at=ANSWERED,
        text=text,
        criterion=REF,
        **more,
    )
