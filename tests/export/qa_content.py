"""What a quality assurer looks for in a record, as text the tests can search any format for."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pypdf

from tests.export import export_fixtures as fx
from tutor.export.record import Record


def flat(text: str) -> str:
    """Whitespace collapsed, so wrapped lines and table cells compare as running text."""
    return " ".join(text.split())


def markdown_text(md: str) -> str:
    """Markdown as a reader sees it: escapes removed, quote markers dropped."""
    unescaped = re.sub(r"\\(.)", r"\1", md)
    return flat(re.sub(r"^\s*> ?", "", unescaped, flags=re.MULTILINE))


def pdf_text(data: bytes) -> tuple[str, list[str]]:
    """All the text of a PDF, and each page's text, as a reader would extract it."""
    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]
    return flat(" ".join(pages)), pages


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(html: str) -> tuple[str, list[str]]:
    """The text an HTML page shows, and the tags it holds."""
    parser = _Text()
    parser.feed(html)
    return flat(" ".join(parser.parts)), parser.tags


def missing_assessment_content(text: str, record: Record) -> list[str]:
    """Everything a record of professional discussion must show that `text` does not."""
    wanted = [
        fx.LEARNER,
        fx.REGISTRATION,
        fx.CENTRE,
        fx.ASSESSOR,
        fx.COUNTERSIGNER,
        fx.QUALIFICATION,
        fx.QUALIFICATION_TITLE,
        "J/506/2132",
        "Principles of customer service",
        "J/506/2132 1.2",
        "Describe how to handle complaints",
        "J/506/2132 1.1",
        "Explain the purpose of customer service",
        "2 November 2026",
        "09:00:00",  # start
        "09:09:30",  # end
        "4:30 running time",  # duration without the five-minute pause
        "professional discussion",
        "How should you handle a customer complaint?",
        "asked 09:00:30",  # the question's time-stamp
        "09:02:05",  # the answer's
        *(flat(line) for line in fx.COMPLAINT_ANSWER.split("\n")),
        fx.PURPOSE_ANSWER,
        "What do customers expect from you?",  # the follow-up
        fx.NOTE,
        "Machine, this answer: partly met · 1 of 2 points.",
        "Points matched: listen ← “listen”",
        "OVERRIDDEN by Ruth Okafor",
        fx.OVERRIDE_REASON,
        "Met — OVERRIDES the machine's judgement",
        fx.DECISION_REASON,
        "Insufficient evidence",
        "Needs a second example.",
        "Superseded: Not yet met",
        fx.FEEDBACK,
        fx.NEXT_STEPS,
        "I confirm that the answers I gave in this session are my own work.",
        "2 Nov 2026 09:10:05 UTC",  # the learner's declaration
        "2 Nov 2026 09:10:35 UTC",  # the countersignature
        "Criteria coverage",
        record.session_digest,
        "tutor verify",
    ]
    return [item for item in wanted if flat(item) not in text]


def missing_practice_content(text: str, record: Record) -> list[str]:
    wanted = [
        "Record of oral questioning (revision log)",
        fx.LEARNER,
        fx.REGISTRATION,
        "Y/506/2135 1.1",
        "Describe ways to find out customer expectations",
        "How can you find out what a customer expects?",
        "I would ask them questions.",
        "Ask them questions and read surveys and reviews.",
        "Hint shown",
        "Model answer shown",
        "Asked again",
        "no decision (practice)",
        "not signed",
        record.session_digest,
    ]
    return [item for item in wanted if flat(item) not in text]
