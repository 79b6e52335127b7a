"""Bidirectional controls, zero-width and other invisible characters are shown as escapes in
every readable output, and kept exactly in the stored text and the JSON record."""

from __future__ import annotations

import json

import pytest

from tests.export import export_fixtures as fx
from tests.export.qa_content import html_text, markdown_text, pdf_text
from tests.sessions.session_fixtures import COMPLAINTS, PURPOSE, FakeClock
from tutor.export import render
from tutor.export.record import Record, build_record
from tutor.store.queries import Store
from tutor.text import visible, visible_spans

RLO = "\u202e"
# Reads "I would refund £5" on a terminal that honours the override; stored as typed.
REVERSED_ANSWER = f"I would refund {RLO}5£ dnuf"
HIDDEN_ANSWER = "say\u200bsorry\u2066 and \u2069listen\u061c\u200f\x1b[2J\x85"
INVISIBLE = [
    *(chr(c) for c in range(0x202A, 0x202F)),
    *(chr(c) for c in range(0x2066, 0x206A)),
    "\u200e",
    "\u200f",
    "\u061c",
    "\u200b",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u2028",
    "\u2029",
    "\x00",
    "\x07",
    "\x1b",
    "\r",
    "\x7f",
    "\x85",
    "\x9b",
    "\U000e0041",
]


@pytest.mark.parametrize("ch", INVISIBLE, ids=lambda ch: f"U+{ord(ch):04X}")
def test_each_invisible_character_is_shown_as_an_escape(ch: str) -> None:
    shown = visible(f"a{ch}b")
    assert ch not in shown
    escape = f"\\u{ord(ch):04x}" if ord(ch) > 0xFF else f"\\x{ord(ch):02x}"
    escape = {"\r": "\\r", "\U000e0041": "\\U000e0041"}.get(ch, escape)
    assert shown == f"a{escape}b"


def test_line_breaks_and_tabs_are_kept_unless_one_line() -> None:
    assert visible("one\n\ttwo") == "one\n\ttwo"
    assert visible("one\n\ttwo", one_line=True) == "one\\n\\ttwo"


def test_what_joins_emoji_flags_and_words_of_other_scripts_is_kept() -> None:
    for text in (
        "👩\u200d💻",  # woman technologist
        "👍🏽",
        "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",  # England
        "می\u200cخواهم",  # Persian: ZWNJ inside a word
        "क्\u200dष",  # Devanagari: ZWJ
        "café £5 — “quoted” naïve",
    ):
        assert visible(text) == text
    assert visible("pass\u200dword") == "pass\\u200dword"  # between Latin letters: hidden


def test_showing_twice_changes_nothing_more() -> None:
    once = visible(REVERSED_ANSWER + HIDDEN_ANSWER)
    assert visible(once) == once


def test_highlights_move_with_the_escapes_before_them() -> None:
    text = f"a{RLO}b listen and sorry"
    shown, spans = visible_spans(text, [(4, 10), (15, 20), (0, 99)])
    assert shown == "a\\u202eb listen and sorry"
    assert [shown[s:e] for s, e in spans[:2]] == ["listen", "sorry"]
    assert spans[2] == (0, len(shown))


@pytest.fixture
def spoofed(sessions) -> tuple[Record, int]:
    """An assessment whose answers, learner name and note hold invisible characters."""
    with Store.open(sessions.db) as store:
        session_id = fx.assessment_session(
            store,
            sessions.bank,
            FakeClock(),
            {COMPLAINTS: REVERSED_ANSWER, PURPOSE: HIDDEN_ANSWER},
        )
        return build_record(store, session_id, sessions.bank), session_id


def _no_raw_invisibles(text: str) -> None:
    for ch in (RLO, "\u2066", "\u2069", "\u200b", "\u061c", "\u200f", "\x1b", "\x85"):
        assert ch not in text, f"U+{ord(ch):04X} left raw"


def test_markdown_shows_bidi_and_zero_width_characters_escaped(spoofed) -> None:
    record, _ = spoofed
    md = render(record, "md").decode()
    _no_raw_invisibles(md)
    text = markdown_text(md)
    assert "I would refund \\u202e5£ dnuf" in text
    assert "say\\u200bsorry\\u2066 and \\u2069listen\\u061c\\u200f\\x1b[2J\\x85" in text


def test_html_shows_bidi_and_zero_width_characters_escaped(spoofed) -> None:
    record, _ = spoofed
    page = render(record, "html").decode()
    _no_raw_invisibles(page)
    text, _ = html_text(page)
    assert "I would refund \\u202e5£ dnuf" in text
    assert "say\\u200bsorry\\u2066 and \\u2069listen\\u061c\\u200f\\x1b[2J\\x85" in text


@pytest.mark.parametrize("find_font", [True, False], ids=["unicode-font", "latin1-font"])
def test_pdf_shows_bidi_and_zero_width_characters_escaped(spoofed, find_font: bool) -> None:
    from tutor.export import pdf

    record, _ = spoofed
    text, _ = pdf_text(pdf.render(record, find_font=find_font))
    _no_raw_invisibles(text)
    assert "\\u202e5" in text
    assert "say\\u200bsorry\\u2066" in text


def test_the_json_record_and_the_store_keep_the_exact_characters(sessions, spoofed) -> None:
    record, session_id = spoofed
    exported = json.loads(render(record, "json"))
    assert REVERSED_ANSWER in json.dumps(exported, ensure_ascii=False)
    with Store.open(sessions.db, readonly=True) as store:
        answers = [t.text for t in store.turns(session_id) if t.kind == "answer"]
    assert REVERSED_ANSWER in answers and HIDDEN_ANSWER in answers
