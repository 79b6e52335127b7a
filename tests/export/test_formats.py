"""Every format holds what a quality assurer needs, for an assessment and a practice session."""

from __future__ import annotations

import io
import json

import pypdf
import pytest

from tests.export import export_fixtures as fx
from tests.export.qa_content import (
    html_text,
    markdown_text,
    missing_assessment_content,
    missing_practice_content,
    pdf_text,
)
from tutor.export import render
from tutor.export.pdf import find_unicode_font
from tutor.export.record import Record


def test_markdown_record_of_an_assessment_holds_everything_qa_asks_for(
    assessment_record: Record,
) -> None:
    md = render(assessment_record, "md").decode()
    assert md.startswith("# Record of professional discussion")
    assert missing_assessment_content(markdown_text(md), assessment_record) == []


def test_markdown_keeps_every_line_of_an_answer(assessment_record: Record) -> None:
    md = render(assessment_record, "md").decode()
    assert "> I would listen to the customer without interrupting.\n> Then I’d check" in md


def test_markdown_practice_log_holds_questions_answers_and_support_shown(
    practice_record: Record,
) -> None:
    md = render(practice_record, "md").decode()
    assert missing_practice_content(markdown_text(md), practice_record) == []


def test_html_record_of_an_assessment_holds_everything_qa_asks_for(
    assessment_record: Record,
) -> None:
    text, tags = html_text(render(assessment_record, "html").decode())
    assert missing_assessment_content(text, assessment_record) == []
    assert "script" not in tags and "img" not in tags and "link" not in tags


def test_html_practice_log_holds_its_content(practice_record: Record) -> None:
    text, _ = html_text(render(practice_record, "html").decode())
    assert missing_practice_content(text, practice_record) == []


def test_html_is_self_contained_printable_and_accessible(assessment_record: Record) -> None:
    page = render(assessment_record, "html").decode()
    assert "http://" not in page and "https://" not in page and "src=" not in page
    assert "@page { size: A4" in page and "page-break-inside: avoid" in page
    assert '<th scope="col">' in page and '<th scope="row">' in page
    assert '<html lang="en-GB">' in page and "<h2" in page
    # Decisions are written out in words, never carried by colour alone.
    assert "Met — OVERRIDES the machine&#x27;s judgement" in page


def test_pdf_of_an_assessment_parses_back_with_learner_criteria_and_answers(
    assessment_record: Record,
) -> None:
    data = render(assessment_record, "pdf")
    assert data.startswith(b"%PDF-")
    text, pages = pdf_text(data)
    assert missing_assessment_content(text, assessment_record) == []
    reader = pypdf.PdfReader(io.BytesIO(data))
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    for number, page in enumerate(pages, 1):
        assert "Sam Patel · J/506/2132 · 2 November 2026" in page
        assert f"Page {number} of {len(pages)}" in page


def test_pdf_practice_log_parses_back(practice_record: Record) -> None:
    text, _ = pdf_text(render(practice_record, "pdf"))
    assert missing_practice_content(text, practice_record) == []


def test_pdf_without_a_unicode_font_replaces_what_latin1_cannot_hold(
    assessment_record: Record,
) -> None:
    from tutor.export import pdf

    text, _ = pdf_text(pdf.render(assessment_record, find_font=False))
    assert "Then I'd check the £20 refund with my manager - café policy." in text
    assert fx.LEARNER in text and "J/506/2132 1.2" in text


@pytest.mark.skipif(find_unicode_font() is None, reason="no Unicode TrueType font installed")
def test_pdf_with_a_unicode_font_keeps_curly_quotes_and_replaces_missing_emoji(
    sessions, tmp_path
) -> None:
    from tests.sessions.session_fixtures import FakeClock
    from tutor.export.record import build_record
    from tutor.store.queries import Store

    answer = "It’s “great” — £5 off for Zoë 🫠 thanks"
    with Store.open(sessions.db) as store:
        session_id = fx.assessment_session(
            store, sessions.bank, FakeClock(), {"J/506/2132 1.2": answer}
        )
        record = build_record(store, session_id, sessions.bank)
    text, _ = pdf_text(render(record, "pdf"))
    assert "It’s “great” — £5 off for Zoë [emoji] thanks" in text


def test_json_record_carries_the_structured_record_transcript_and_digests(
    assessment_record: Record,
) -> None:
    doc = json.loads(render(assessment_record, "json"))
    assert doc["schema"] == "tutor-record/1"
    record = doc["record"]
    assert record["learner"] == fx.LEARNER and record["registration_number"] == fx.REGISTRATION
    assert record["qualification_title"] == fx.QUALIFICATION_TITLE
    complaints = next(c for c in record["criteria"] if c["ref"] == "J/506/2132 1.2")
    assert complaints["decision"]["decision"] == "met"
    assert complaints["decision"]["overrides_machine"] is True
    assert complaints["machine"]["judgement"] != "met"
    assert complaints["earlier_decisions"][0]["decision"] == "not_yet_met"
    answer = record["questions"][0]["entries"][0]
    assert answer["text"] == fx.COMPLAINT_ANSWER
    assert answer["override"]["reason"] == fx.OVERRIDE_REASON
    assert [t["seq"] for t in doc["transcript"]] == list(range(1, len(doc["transcript"]) + 1))
    assert doc["integrity"]["session_digest"] == assessment_record.session_digest
    assert len(doc["integrity"]["record_digest"]) == 64


def test_csv_of_one_session_lists_each_criterion_with_its_decision(
    assessment_record: Record,
) -> None:
    lines = render(assessment_record, "csv").decode("utf-8-sig").splitlines()
    assert lines[0].startswith("learner,registration_number,qualification,unit")
    assert any("J/506/2132 1.2" in line and ",met," in line for line in lines[1:])
    assert any("insufficient_evidence" in line for line in lines[1:])
