"""What a record shows of a judgement: the machine's reading of all the answers to a
criterion's question beside the decision, points covered of points needed (never a number
that can contradict the judgement), who declared and when, and a PDF that spends no page on
criteria the session never came to."""

from __future__ import annotations

import io
import json
import random
import re
from pathlib import Path

import pypdf
import pytest

from tests.export import export_fixtures as fx
from tests.export.qa_content import html_text, markdown_text, pdf_text
from tests.sessions.session_fixtures import PURPOSE, FakeClock
from tutor.banks.model import Bank
from tutor.export import render
from tutor.export.record import Record, build_record
from tutor.sessions.engine import SessionEngine
from tutor.store.queries import Store

# "0.67 (partly met)", "55%", "score 0.97": a number that can disagree with the judgement.
CONTINUOUS = re.compile(r"\b[01]\.\d\d\b|\d%|score \d")


def texts(record: Record) -> dict[str, str]:
    """What a reader of each format sees."""
    return {
        "md": markdown_text(render(record, "md").decode()),
        # The page's own style sheet (its "width: 100%") is not text a reader sees.
        "html": html_text(
            re.sub(r"<style>.*?</style>", "", render(record, "html").decode(), flags=re.S)
        )[0],
        "pdf": pdf_text(render(record, "pdf"))[0],
    }


def test_a_criterion_is_read_on_every_answer_to_its_question(assessment_record: Record) -> None:
    purpose = next(c for c in assessment_record.criteria if c.ref == PURPOSE)
    block = next(q for q in assessment_record.questions if q.criterion == PURPOSE)
    answers = block.answers
    assert [a.text for a in answers] == ["To be nice.", fx.PURPOSE_ANSWER]
    assert purpose.answer_seqs == tuple(a.seq for a in answers)
    assert purpose.machine is not None
    assert answers[0].machine is not None and answers[0].machine.judgement == "not_yet_met"
    assert purpose.machine.judgement == "met"  # the follow-up answer made the points
    assert (purpose.machine.points_covered, purpose.machine.points_needed) == (2, 2)
    made_by = {p.text: p.answer for p in purpose.machine.points if p.matched}
    assert set(made_by.values()) == {answers[1].seq}
    first, second = purpose.answer_seqs
    for format_, text in texts(assessment_record).items():
        assert "met · 2 of 2 points" in text, format_
        assert f"all answers at turns {first} and {second}" in text, format_
        assert "Machine, this answer: not yet met · 0 of 2 points." in text, format_


def test_no_record_shows_a_number_that_can_contradict_the_judgement(
    assessment_record: Record, practice_record: Record
) -> None:
    for record in (assessment_record, practice_record):
        for format_, text in texts(record).items():
            assert not CONTINUOUS.search(text), (format_, CONTINUOUS.search(text))


def test_the_json_record_carries_points_covered_and_needed(assessment_record: Record) -> None:
    doc = json.loads(render(assessment_record, "json"))
    purpose = next(c for c in doc["record"]["criteria"] if c["ref"] == PURPOSE)
    machine = purpose["machine"]
    assert (machine["points_covered"], machine["points_needed"]) == (2, 2)
    assert 0 <= machine["score"] <= 1  # kept for calibration, not shown
    entry = doc["record"]["questions"][1]["entries"][0]
    assert (entry["machine"]["points_covered"], entry["machine"]["points_needed"]) == (0, 2)


def test_the_record_says_who_declared_and_when(assessment_record: Record) -> None:
    md = markdown_text(render(assessment_record, "md").decode())
    assert "| Declaration | Statement | Made by | When |" in md
    assert f"{fx.LEARNER} (learner) | 2 Nov 2026 09:10:05 UTC" in md
    assert f"{fx.COUNTERSIGNER} (assessor) | 2 Nov 2026 09:10:35 UTC" in md


@pytest.fixture
def shipped_practice(tmp_path: Path, shipped_bank: Bank) -> Record:
    """Practice on a whole shipped unit, ending after its first two questions."""
    bank = shipped_bank
    unit = bank.unit("J/506/2132")
    assert unit is not None
    criteria = [f"{unit.ref} {c.id}" for _, c in unit.criteria() if c.questions]
    with Store.open(tmp_path / "t.db") as store:
        engine = SessionEngine(bank, store, FakeClock(), random.Random(2))
        session_id = engine.start_practice("Ann", ["J/506/2132 1.2", *criteria])
        engine.next_question()
        engine.submit_answer("Our range of products, the prices, and extras like delivery.")
        engine.next_question()
        engine.submit_answer("I don't know.")
        engine.end()
        return build_record(store, session_id, bank)


def test_a_pdf_gives_criteria_not_asked_one_line_not_a_table_each(shipped_practice: Record) -> None:
    record = shipped_practice
    assert len(record.not_asked) > 15
    data = render(record, "pdf")
    text, pages = pdf_text(data)
    not_asked = ", ".join(c.ref for c in record.not_asked)
    assert f"Not covered in this session: {not_asked}." in text
    for c in record.not_asked:
        assert f"{c.ref} — " not in text, c.ref  # no heading or table of its own
    assert len(pypdf.PdfReader(io.BytesIO(data)).pages) == len(pages) <= 4


def test_the_questions_column_counts_the_questions_asked(shipped_practice: Record) -> None:
    record = shipped_practice
    md = render(record, "md").decode()
    first = record.questions[0].criterion
    row = next(line for line in md.splitlines() if line.startswith(f"| {first} |"))
    assert row.split(" | ")[2] == "1"
    second = record.questions[1].criterion
    row = next(line for line in md.splitlines() if line.startswith(f"| {second} |"))
    assert row.split(" | ")[2] == "1" and row.endswith("| not yet met · 0 of 2 points |")


def test_commands_are_not_shown_with_markdown_backticks_in_html_or_pdf(
    assessment_record: Record,
) -> None:
    shown = texts(assessment_record)
    for format_ in ("html", "pdf"):
        assert "`" not in shown[format_], format_
        assert "run tutor verify FILE.json on the JSON export" in shown[format_]
    assert "`tutor verify FILE.json`" in render(assessment_record, "md").decode()
    assert "<code>tutor verify FILE.json</code>" in render(assessment_record, "html").decode()


def test_rubric_point_names_keep_their_punctuation_in_records(shipped_practice: Record) -> None:
    record = shipped_practice
    for format_, text in texts(record).items():
        assert "products, prices and extras included" in text, format_
