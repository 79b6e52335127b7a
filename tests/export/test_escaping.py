"""Typed text is shown as typed in every format and never becomes markup."""

from __future__ import annotations

import re

import pytest

from tests.export import export_fixtures as fx
from tests.export.qa_content import html_text, markdown_text, pdf_text
from tests.sessions.session_fixtures import FakeClock
from tutor.export import render
from tutor.export.record import Record, build_record
from tutor.store.queries import Store

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def hostile(sessions) -> Record:
    """An assessment whose answers, note and learner name hold markup and controls."""
    with Store.open(sessions.db) as store:
        session_id = fx.assessment_session(
            store,
            sessions.bank,
            FakeClock(),
            {
                "J/506/2132 1.2": f"I would listen {SCRIPT} and say sorry",
                "J/506/2132 1.1": f"{IMAGE}\n# not a heading\n| not | a table |\x1b[2J",
            },
        )
        return build_record(store, session_id, sessions.bank)


def test_html_answers_holding_script_and_img_tags_are_inert(hostile: Record) -> None:
    page = render(hostile, "html").decode()
    lowered = page.lower()
    assert "<script" not in lowered and "<img" not in lowered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    text, tags = html_text(page)
    assert SCRIPT in text and IMAGE in text
    assert not {"script", "img", "iframe", "object"} & set(tags)


def test_markdown_shows_markup_as_text(hostile: Record) -> None:
    md = render(hostile, "md").decode()
    assert re.search(r"(?<!\\)<", md) is None  # every < is escaped
    assert "\\<script\\>alert(1)\\</script\\>" in md
    assert "> \\# not a heading" in md and "\\| not \\| a table \\|" in md
    assert SCRIPT in markdown_text(md)


def test_control_characters_are_shown_escaped_never_raw(hostile: Record) -> None:
    md = render(hostile, "md").decode()
    html = render(hostile, "html").decode()
    assert "\x1b" not in md and "\x1b" not in html
    assert "\\x1b[2J" in markdown_text(md) and "\\x1b[2J" in html_text(html)[0]


def test_pdf_shows_markup_as_text(hostile: Record) -> None:
    text, _ = pdf_text(render(hostile, "pdf"))
    assert SCRIPT in text and IMAGE in text
