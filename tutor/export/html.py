"""A record as one self-contained HTML file: inline styles, no scripts, no external requests.

Printable on A4 (questions and judgements are kept whole across page breaks), accessible
(a heading per section, `<th scope>` on every table, decisions in words with no meaning
carried by colour alone). Every string, typed or not, goes through `html.escape`: an answer
holding `<script>` or `<img onerror=…>` shows as the text the learner typed; and through
`visible`: a right-to-left override or a zero-width space shows as an escape (`\\u202e`).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from tutor.export import sections as s
from tutor.export.record import Record
from tutor.text import visible

_CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 10.5pt;
  line-height: 1.4; color: #111; max-width: 48em; margin: 0 auto; padding: 1em; }
h1 { font-size: 18pt; margin: 0 0 .3em; }
h2 { font-size: 13.5pt; border-bottom: 1px solid #555; margin-top: 1.4em; padding-bottom: .1em;
  page-break-after: avoid; break-after: avoid; }
h3 { font-size: 11.5pt; margin: 1em 0 .3em; page-break-after: avoid; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: .4em 0 .8em; }
th, td { border: 1px solid #777; padding: .25em .45em; text-align: left; vertical-align: top; }
thead th { background: #eee; }
th[scope="row"] { width: 22%; font-weight: bold; }
.said { white-space: pre-wrap; overflow-wrap: anywhere; border-left: 3px solid #777;
  margin: .2em 0 .5em; padding: .1em .7em; }
.turn, .criterion, .declarations { page-break-inside: avoid; break-inside: avoid; }
.block { page-break-inside: avoid; break-inside: avoid; margin-bottom: 1em; }
.label { font-weight: bold; margin: .5em 0 0; }
.override, .overrides { font-weight: bold; }
.override::before { content: "\\26A0  "; }
.machine { font-size: 9.5pt; margin: 0 0 .4em; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 9pt; overflow-wrap: anywhere; }
.running { color: #444; font-size: 9pt; }
@media print { body { max-width: none; padding: 0; } a { color: inherit; } }
"""


def _e(text: str) -> str:
    return escape(visible(text), quote=True)


def _said(text: str) -> str:
    """Typed text, every line kept, escaped."""
    return f'<div class="said">{_e(s.shown(text))}</div>'


def _verify(record: Record) -> str:
    """How to check the record, its commands set as code."""
    parts = s.verify_parts(record)
    return "".join(f"<code>{_e(text)}</code>" if code else _e(text) for text, code in parts)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], caption: str = "") -> str:
    """A table with column headers, and the first cell of each row its row header."""
    out = ["<table>"]
    if caption:
        out.append(f"<caption>{_e(caption)}</caption>")
    out.append(
        "<thead><tr>" + "".join(f'<th scope="col">{_e(h)}</th>' for h in header) + "</tr></thead>"
    )
    out.append("<tbody>")
    for row in rows:
        first, *rest = row
        out.append(
            f'<tr><th scope="row">{_e(first)}</th>'
            + "".join(f"<td>{_e(cell)}</td>" for cell in rest)
            + "</tr>"
        )
    out.append("</tbody></table>")
    return "\n".join(out)


def render(record: Record) -> str:
    """The whole record as one HTML document."""
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        # No scripts, no requests: the only content is this file.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(record.title)} — {_e(s.header_line(record))}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(record.title)}</h1>",
        f'<p class="running">{_e(s.header_line(record))} · session {record.session_id}</p>',
        "</header>",
        "<main>",
        '<section aria-labelledby="details">',
        '<h2 id="details">Learner, assessment and session</h2>',
        _table(("Item", "Detail"), s.details(record)),
        "</section>",
        '<section aria-labelledby="coverage">',
        '<h2 id="coverage">Criteria coverage</h2>',
        _table(
            s.coverage_header(record),
            s.coverage_rows(record),
            caption="Each criterion asked, how many questions addressed it, and the outcome.",
        ),
        *([f"<p>{_e(line)}</p>"] if (line := s.not_covered_line(record)) else []),
        "</section>",
        '<section aria-labelledby="questions">',
        '<h2 id="questions">Questions and answers</h2>',
    ]
    if not record.questions:
        out.append("<p>No question was asked in this session.</p>")
    for block in record.questions:
        heading = s.question_heading(block.number, block.criterion, block.at)
        out += [
            f'<article class="block" id="q{block.number}">',
            f"<h3>{_e(heading)}</h3>",
            f'<p class="label">Question (turn {block.seq}, '
            f"question id {_e(block.question_id)})</p>",
            _said(block.text),
        ]
        for entry in block.entries:
            out += [
                f'<div class="turn" id="turn-{entry.seq}">',
                f'<p class="label">{_e(s.entry_heading(entry))}</p>',
                _said(entry.text),
            ]
            if entry.kind == "answer":
                out.append(f'<p class="machine">{_e(s.machine_line(entry.machine))}</p>')
            if entry.override:
                line = s.override_line(entry.override, entry.machine)
                out.append(f'<p class="override">{_e(line)}</p>')
            out.append("</div>")
        out.append("</article>")
    out.append("</section>")

    out += [
        '<section aria-labelledby="notes">',
        f'<h2 id="notes">{"Assessor notes" if record.is_assessment else "Notes"}</h2>',
    ]
    if not record.notes:
        out.append("<p>None.</p>")
    for note in record.notes:
        where = f"question {note.question_number}, " if note.question_number else ""
        where += f"{note.criterion}, " if note.criterion else ""
        out += [
            '<div class="turn">',
            f'<p class="label">{_e(s.clock(note.at))} ({_e(where)}{_e(note.actor)}, '
            f"turn {note.seq})</p>",
            _said(note.text),
            "</div>",
        ]
    out.append("</section>")

    out += [
        '<section aria-labelledby="judgements">',
        '<h2 id="judgements">Judgement per criterion</h2>',
        "<p>The machine score is decision support; the assessor's decision is the judgement.</p>",
    ]
    for c in record.asked_criteria:
        out += [
            '<div class="criterion">',
            f"<h3>{_e(s.criterion_title(c))}</h3>",
            _table(("Aspect", "Machine score", "Assessor's decision"), s.judgement_rows(record, c)),
        ]
        extra = [*s.earlier_lines(c), *s.answer_override_lines(c)]
        if extra:
            out.append("<ul>" + "".join(f"<li>{_e(line)}</li>" for line in extra) + "</ul>")
        out.append("</div>")
    out.append("</section>")

    out += [
        '<section aria-labelledby="feedback">',
        '<h2 id="feedback">Feedback and next steps</h2>',
    ]
    if record.feedback or record.next_steps:
        out += [
            f"<p>Given {_e(s.when(record.feedback_at))}.</p>",
            '<p class="label">Feedback</p>',
            _said(record.feedback or ""),
            '<p class="label">Next steps</p>',
            _said(record.next_steps or ""),
        ]
    else:
        out.append("<p>None recorded.</p>")
    out.append("</section>")

    out += [
        '<section aria-labelledby="declarations" class="declarations">',
        '<h2 id="declarations">Declarations and signatures</h2>',
        _table(s.DECLARATION_HEADER, s.declaration_rows(record)),
        "</section>",
        '<section aria-labelledby="events">',
        '<h2 id="events">Session events</h2>',
        "<ul>",
        *(
            f"<li>{_e(s.timeline_line(e.seq, e.at, e.kind, e.actor, e.text))}</li>"
            for e in record.timeline
        ),
        "</ul>",
        "</section>",
        '<section aria-labelledby="integrity">',
        '<h2 id="integrity">Integrity</h2>',
        f"<p>Session digest (SHA-256): <code>{_e(record.session_digest)}</code></p>",
        f"<p>{_e(s.verification_line(record))}</p>",
        f"<p>{_verify(record)}</p>",
        "</section>",
        "</main>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out)
