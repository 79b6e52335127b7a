from __future__ import annotations

from pathlib import Path

from tests.store.store_helpers import a_score
from tutor.banks.model import Question
from tutor.store.queries import Store

QUESTION = Question(id="q1", text="Why does customer service matter?")
REF = "J/506/2132 1.1"


def test_undecodable_input_is_stored_with_replacement_marks_not_a_crash(tmp_path: Path) -> None:
    broken = b"caf\xe9 answer".decode("utf-8", "surrogateescape")
    with Store.open(tmp_path / "t.db") as store:
        session = store.create_session(
            learner="Ann\udcff",
            mode="practice",
            planned_criteria=[REF],
            question_plan=[(REF, QUESTION)],
            started_at="2026-11-02T09:00:00.000Z",
        )
        store.append_turn(
            session,
            kind="answer",
            actor="learner",
            at="2026-11-02T09:00:01.000Z",
            text=broken,
            criterion=REF,
            score=a_score(feedback=broken),
        )
        (turn,) = [t for t in store.turns(session) if t.kind == "answer"]
        assert turn.text == "caf\ufffd answer"
        assert turn.score is not None and turn.score.feedback == "caf\ufffd answer"
        assert store.verify(session).ok
