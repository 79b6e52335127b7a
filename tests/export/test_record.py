"""The record model: built from the store, complete without the bank, faithful to the chain."""

from __future__ import annotations

import csv
import io
import random

from tests.export import export_fixtures as fx
from tests.sessions.session_fixtures import COMPLAINTS, FakeClock
from tutor.export import coverage, render
from tutor.export.record import Record, build_record
from tutor.sessions.engine import SessionEngine
from tutor.store.queries import Store


def test_a_record_built_without_the_bank_still_holds_every_question_and_answer(sessions) -> None:
    with Store.open(sessions.db, readonly=True) as store:
        record = build_record(store, sessions.assessment, bank=None)
    assert [q.text for q in record.questions] == [
        "How should you handle a customer complaint?",
        "Why does an organisation bother with good customer service?",
    ]
    assert record.questions[0].answers[0].text == fx.COMPLAINT_ANSWER
    assert record.questions[0].question_id == "q1"
    assert record.qualification_number == fx.QUALIFICATION
    # The wording the session was held under was sealed with it: no bank is needed.
    assert all(c.text for c in record.criteria)
    md = render(record, "md").decode()
    assert "(wording not in the current bank)" not in md


def test_running_time_leaves_out_the_pause(assessment_record: Record) -> None:
    assert assessment_record.running_seconds == 270
    assert assessment_record.elapsed_seconds == 570


def test_the_standing_decision_is_the_latest_and_earlier_ones_are_kept(
    assessment_record: Record,
) -> None:
    complaints = next(c for c in assessment_record.criteria if c.ref == COMPLAINTS)
    assert complaints.decision.decision == "met" and complaints.decision.overrides_machine
    assert [d.decision for d in complaints.earlier_decisions] == ["not_yet_met"]
    assert complaints.overrides[0].reason == fx.OVERRIDE_REASON
    assert complaints.machine is not None and complaints.machine.judgement != "met"


def test_notes_and_events_are_kept_apart_from_the_answers(assessment_record: Record) -> None:
    assert [n.text for n in assessment_record.notes] == [fx.NOTE]
    assert assessment_record.notes[0].question_number == 1
    kinds = {e.kind for q in assessment_record.questions for e in q.entries}
    assert kinds == {"answer", "follow_up"}
    assert [e.kind for e in assessment_record.timeline] == ["start", "pause", "resume", "end"]


def test_an_altered_database_is_reported_in_the_record(sessions) -> None:
    with Store.open(sessions.db) as store:
        store.conn.execute("UPDATE turns SET text = 'changed' WHERE seq = 3 AND session_id = 1")
        record = build_record(store, sessions.assessment, sessions.bank)
    assert not record.verification.ok
    assert "ALTERED" in render(record, "md").decode()


def test_coverage_cells_never_run_as_spreadsheet_formulas(sessions) -> None:
    with Store.open(sessions.db) as store:
        engine = SessionEngine(sessions.bank, store, FakeClock(), random.Random(1))
        session_id = engine.start_practice('=HYPERLINK("http://x")', [COMPLAINTS])
        record = build_record(store, session_id, sessions.bank)
    rows = list(csv.DictReader(io.StringIO(coverage.render([record]))))
    assert rows[0]["learner"] == '\'=HYPERLINK("http://x")'


def test_an_interrupted_assessment_without_decisions_says_so(sessions) -> None:
    with Store.open(sessions.db) as store:
        engine = SessionEngine(sessions.bank, store, FakeClock(), random.Random(1))
        session_id = engine.start_assessment("Ann", "Bob", [COMPLAINTS])
        engine.next_question()
        engine.submit_answer("I would listen")
        record = build_record(store, session_id, sessions.bank)
    md = render(record, "md").decode()
    assert "| J/506/2132 1.2 | Describe how to handle complaints | 1 | no decision recorded |" in md
    assert "active (not ended)" in md
    assert "| Learner's authenticity declaration | not signed |" in md
