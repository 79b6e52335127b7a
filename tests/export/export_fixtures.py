"""Real sessions for export tests, written by the session engine into a real store."""

from __future__ import annotations

import random
from pathlib import Path

from tests.sessions.session_fixtures import (
    COMPLAINTS,
    EXPECTATIONS,
    PURPOSE,
    FakeClock,
    tiny_bank,
)
from tutor.banks.files import load_bank, write_qualification
from tutor.banks.model import Bank, Qualification, UnitGroup
from tutor.sessions.engine import SessionEngine
from tutor.store.queries import Store

LEARNER = "Sam Patel"
REGISTRATION = "PAT-0042-X"
CENTRE = "Northgate College"
ASSESSOR = "Ruth Okafor"
COUNTERSIGNER = "Dev Shah"
QUALIFICATION = "601/3973/0"
QUALIFICATION_TITLE = "NCFE Level 2 Diploma in Customer Service"

COMPLAINT_ANSWER = (
    "I would listen to the customer without interrupting.\n"
    "Then I’d check the £20 refund with my manager — café policy."
)
PURPOSE_ANSWER = "So customers come back, which is loyalty, and they recommend us to friends."
NOTE = "Learner answered confidently; gave an example from the café."
OVERRIDE_REASON = "Explained putting it right aloud with the refund example."
DECISION_REASON = "Listening, apology and resolution all covered with an example."
FEEDBACK = "Clear, well-ordered answers on complaints."
NEXT_STEPS = "Revise how customer expectations change over time."


def qualified_bank(folder: Path) -> Bank:
    """The tiny bank, with a qualification that lists its two units, written to `folder`
    and loaded back."""
    qualification = Qualification(
        number=QUALIFICATION,
        title=QUALIFICATION_TITLE,
        awarding_body="NCFE",
        level=2,
        groups=(UnitGroup("Mandatory", True, None, tuple(tiny_bank(folder).units)),),
    )
    write_qualification(qualification, folder)
    bank, problems = load_bank(folder)
    assert bank.qualifications, problems
    return bank


def assessment_session(
    store: Store, bank: Bank, clock: FakeClock, answers: dict[str, str] | None = None
) -> int:
    """An ended assessment with a note, a follow-up, an override, decisions (one changed),
    feedback, the authenticity declaration and a countersignature."""
    answers = answers or {}
    engine = SessionEngine(bank, store, clock, random.Random(3))
    session_id = engine.start_assessment(
        LEARNER,
        ASSESSOR,
        [COMPLAINTS, PURPOSE],
        centre=CENTRE,
        registration=REGISTRATION,
        qualification=QUALIFICATION,
        delivery="remote",
    )
    clock.advance(30)
    engine.next_question()
    clock.advance(95)
    engine.submit_answer(answers.get(COMPLAINTS, COMPLAINT_ANSWER))
    clock.advance(10)
    engine.note(NOTE)
    engine.record.override(None, "met", OVERRIDE_REASON)
    clock.advance(20)
    engine.next_question()
    clock.advance(60)
    engine.submit_answer(answers.get(PURPOSE, "To be nice."))
    if engine.follow_up() is None:  # a re-sit asks a question without written follow-ups
        engine.assessor_question("What do customers expect from you?")
    clock.advance(40)
    engine.submit_answer(PURPOSE_ANSWER)
    engine.pause()
    clock.advance(300)  # a pause does not count towards the running time
    engine.resume()
    clock.advance(15)
    engine.end()
    engine.record.decide(COMPLAINTS, "not_yet_met", "first thought: no resolution")
    clock.advance(5)
    engine.record.decide(COMPLAINTS, "met", DECISION_REASON)
    engine.record.decide(PURPOSE, "insufficient_evidence", "Needs a second example.")
    engine.record.give_feedback(FEEDBACK, NEXT_STEPS)
    clock.advance(30)
    engine.record.declare(LEARNER)
    clock.advance(30)
    engine.record.countersign(COUNTERSIGNER)
    return session_id


def practice_session(store: Store, bank: Bank, clock: FakeClock) -> int:
    """An ended practice session with a hint, a model answer and a retry."""
    engine = SessionEngine(bank, store, clock, random.Random(5))
    session_id = engine.start_practice(LEARNER, [EXPECTATIONS], registration=REGISTRATION)
    engine.next_question()
    clock.advance(20)
    engine.hint()
    clock.advance(40)
    engine.submit_answer("I would ask them questions.")
    engine.model_answer()
    engine.retry()
    clock.advance(30)
    engine.submit_answer("Ask them questions and read surveys and reviews.")
    engine.end()
    return session_id
