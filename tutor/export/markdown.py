"""A record as Markdown: plain text that reads well as it is and pastes into any e-portfolio.

Every string is escaped, so an answer holding `<script>`, `*`, `|` or a leading `#`
renders as the text the learner typed, never as markup, and one holding a right-to-left
override or a zero-width space shows it as an escape (`\\u202e`), never reversed or hidden.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tutor.export import sections as s
from tutor.export.record import Record
from tutor.text import visible

_SPECIAL = re.compile(r"([\\`*_\[\]<>|&])")
# Markers that only mean something at the start of a line and before a space (or alone):
# headings, quotes, list items; and lines of = or - that would underline the line above.
_LINE_START = re.compile(r"^(\s*)([#+*-]|\d+[.)])(?=\s|$)|^(\s*)([=-])(?=[=\s-]*$)")


def _escape_marker(match: re.Match[str]) -> str:
    indent, marker = (match.group(1), match.group(2)) if match.group(2) else match.group(3, 4)
    return f"{indent}\\{marker}"


def escape(text: str) -> str:
    """Markdown-inert, visible text: special characters and line-start markers
    backslash-escaped, invisible characters written as escapes."""
    lines = []
    for line in visible(text).split("\n"):
        line = _SPECIAL.sub(r"\\\1", line)
        lines.append(_LINE_START.sub(_escape_marker, line))
    return "\n".join(lines)


def _quote(text: str) -> str:
    """Typed text as a block quote, every line kept."""
    return "\n".join(f"> {line}".rstrip() for line in escape(s.shown(text)).split("\n"))


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = [
        "| " + " | ".join(escape(h) for h in header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(escape(s.one_line(c)) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def render(record: Record) -> str:
    """The whole record as Markdown."""
    out: list[str] = [f"# {record.title}", ""]
    out += ["## Learner, assessment and session", ""]
    out += [_table(("Item", "Detail"), s.details(record)), ""]

    out += ["## Criteria coverage", ""]
    out += [_table(s.coverage_header(record), s.coverage_rows(record)), ""]
    if not_covered := s.not_covered_line(record):
        out += [escape(not_covered), ""]

    out += ["## Questions and answers", ""]
    if not record.questions:
        out += ["No question was asked in this session.", ""]
    for block in record.questions:
        out += [f"### {escape(s.question_heading(block.number, block.criterion, block.at))}", ""]
        out += [f"Question (turn {block.seq}, question id {escape(block.question_id)}):", ""]
        out += [_quote(block.text), ""]
        for entry in block.entries:
            out += [f"**{escape(s.entry_heading(entry))}**", "", _quote(entry.text), ""]
            if entry.kind == "answer":
                out += [escape(s.machine_line(entry.machine)), ""]
            if entry.override:
                out += [f"**{escape(s.override_line(entry.override, entry.machine))}**", ""]

    out += ["## Assessor notes" if record.is_assessment else "## Notes", ""]
    if not record.notes:
        out += ["None.", ""]
    for note in record.notes:
        where = f"question {note.question_number}, " if note.question_number else ""
        where += f"{note.criterion}, " if note.criterion else ""
        out += [f"- {s.clock(note.at)} ({escape(where)}{note.actor}, turn {note.seq}):", ""]
        out += ["  " + line for line in _quote(note.text).split("\n")] + [""]

    out += ["## Judgement per criterion", ""]
    out += [
        "The machine score is decision support; the assessor's decision is the judgement.",
        "",
    ]
    for c in record.asked_criteria:
        out += [f"### {escape(s.criterion_title(c))}", ""]
        out += [
            _table(("", "Machine score", "Assessor's decision"), s.judgement_rows(record, c)),
            "",
        ]
        for line in [*s.earlier_lines(c), *s.answer_override_lines(c)]:
            out += [f"- {escape(line)}"]
        if c.earlier_decisions or c.overrides:
            out += [""]

    out += ["## Feedback and next steps", ""]
    if record.feedback or record.next_steps:
        out += [f"Given {escape(s.when(record.feedback_at))}.", ""]
        out += ["**Feedback**", "", _quote(record.feedback or ""), ""]
        out += ["**Next steps**", "", _quote(record.next_steps or ""), ""]
    else:
        out += ["None recorded.", ""]

    out += ["## Declarations and signatures", ""]
    out += [
        _table(s.DECLARATION_HEADER, s.declaration_rows(record)),
        "",
    ]

    out += ["## Session events", ""]
    out += [
        f"- {escape(s.timeline_line(e.seq, e.at, e.kind, e.actor, e.text))}"
        for e in record.timeline
    ]
    out += [""]

    out += ["## Integrity", ""]
    out += [f"Session digest (SHA-256): `{record.session_digest}`", ""]
    out += [escape(s.verification_line(record)), ""]
    out += [
        "".join(f"`{text}`" if code else escape(text) for text, code in s.verify_parts(record)),
        "",
    ]
    return "\n".join(out)
