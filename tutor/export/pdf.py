"""A record as a PDF (fpdf2, pure Python): A4, a running header with learner, units and date
on every page, "Page N of M" in the footer, and the same content as the other formats.

Fonts: fpdf2 ships no Unicode font, so a system TrueType font with wide coverage (DejaVu
Sans, Arial) is used where one is installed. Characters it lacks are replaced gracefully
(an emoji becomes "[emoji]"). Where no such font is found the PDF falls back to the PDF
core font Helvetica, which holds Latin-1 only: curly quotes and dashes become straight ones,
£ and accented letters are kept, other letters lose their accents, emoji become "[emoji]".
"""

from __future__ import annotations

import logging
import os
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from tutor.errors import TutorError
from tutor.export import sections as s
from tutor.export.record import Record
from tutor.text import normalise_typography, visible

# (regular, bold) TrueType files, most likely first: Debian/Ubuntu, Fedora, Arch, macOS,
# Windows. TUTOR_PDF_FONT may name another regular TTF (bold is looked for beside it).
FONT_CANDIDATES: tuple[tuple[str, str], ...] = (
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
    (
        "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf",
    ),
    ("/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
    ("/Library/Fonts/Arial Unicode.ttf", "/Library/Fonts/Arial Unicode.ttf"),
    ("C:/Windows/Fonts/arial.ttf", "C:/Windows/Fonts/arialbd.ttf"),
)
FAMILY = "recordfont"
EMOJI = "[emoji]"
_EMOJI_RUN = re.compile(
    "(?:[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff]"
    "[\ufe0e\ufe0f\u200d\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]*)+"
)
# Beyond normalise_typography: characters this record itself prints.
_LATIN1_EXTRA = {"←": "<-", "→": "->", "⚠": "!", "…": "...", "•": "*", "€": "EUR"}

LINE = 5.0  # mm per line of body text
MARGIN = 15.0


class FontError(TutorError):
    """A font file the PDF cannot be written with."""


@dataclass(frozen=True)
class Font:
    """A TrueType font pair for the PDF (regular and bold); `chosen` when TUTOR_PDF_FONT
    named it rather than it being found on the system."""

    regular: Path
    bold: Path
    chosen: bool = False

    def unusable(self, path: Path, why: str) -> FontError:
        """The error for `path` (one of the pair) that cannot be used, saying what to do."""
        remedy = (
            "unset TUTOR_PDF_FONT or point it to a TrueType (.ttf) font"
            if self.chosen
            else "reinstall it, or set TUTOR_PDF_FONT to another TrueType (.ttf) font"
        )
        return FontError(f"the PDF font {path} {why}; {remedy}")


def find_unicode_font() -> Font | None:
    """A Unicode TrueType font installed on this machine, or None (Latin-1 fallback).
    TUTOR_PDF_FONT naming something that is not a file raises `FontError`."""
    if chosen := os.environ.get("TUTOR_PDF_FONT"):
        regular = Path(chosen)
        bold = regular.with_name(regular.stem + "-Bold" + regular.suffix)
        font = Font(regular, bold if bold.is_file() else regular, chosen=True)
        if not regular.is_file():
            raise font.unusable(regular, "is not a file")
        return font
    for regular_name, bold_name in FONT_CANDIDATES:
        regular, bold = Path(regular_name), Path(bold_name)
        if regular.is_file():
            return Font(regular, bold if bold.is_file() else regular)
    return None


@lru_cache(maxsize=4096)
def _latin1_char(ch: str) -> str:
    """One character as Latin-1 text: itself, a typographic stand-in, or without accents."""
    if ord(ch) < 256:
        return ch
    if ch in _LATIN1_EXTRA:
        return _LATIN1_EXTRA[ch]
    plain = normalise_typography(ch)
    if plain != ch and all(ord(c) < 256 for c in plain):
        return plain
    stripped = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    if stripped and all(ord(c) < 256 for c in stripped):
        return stripped
    return "?"


def latin1(text: str) -> str:
    """`text` in Latin-1, replaced gracefully (see the module's docstring)."""
    text = _EMOJI_RUN.sub(EMOJI, visible(text))
    if all(ord(c) < 256 for c in text):
        return text
    return "".join(_latin1_char(c) for c in text)


def _covered_by(cmap: Mapping[int, object]) -> Callable[[str], str]:
    def clean(text: str) -> str:
        text = visible(text)
        if all(ord(c) in cmap or c in "\n\t" for c in text):
            return text
        out = []
        for part in re.split(f"({_EMOJI_RUN.pattern})", text):
            if all(ord(c) in cmap or c in "\n\t" for c in part):
                out.append(part)
            elif _EMOJI_RUN.fullmatch(part):
                out.append(EMOJI)
            else:
                out.append("".join(c if ord(c) in cmap else _latin1_char(c) for c in part))
        return "".join(out)

    return clean


class _Document(FPDF):
    def __init__(self, record: Record, font: Font | None) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.record = record
        if font is not None:
            for style, path in (("", font.regular), ("B", font.bold)):
                try:
                    self.add_font(FAMILY, style, str(path))
                except OSError as exc:
                    raise font.unusable(path, f"cannot be read ({exc.strerror or exc})") from exc
                except Exception as exc:  # fontTools raises many kinds for a damaged file
                    raise font.unusable(path, "is not a usable TrueType font") from exc
            self.family = FAMILY
            self.clean = _covered_by(getattr(self.fonts[FAMILY], "cmap", {}))
        else:
            self.family = "helvetica"
            self.clean = latin1
        self.running_header = self.clean(s.header_line(record))
        self.set_margins(MARGIN, MARGIN + 6, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + 4)
        self.set_title(self.clean(f"{record.title} — {s.header_line(record)}"))
        self.set_author(self.clean(record.assessor or record.learner))
        self.set_creator("tutor")
        self.alias_nb_pages("{nb}")

    def header(self) -> None:
        self.set_font(self.family, "", 8)
        self.set_y(MARGIN - 5)
        self.cell(0, 4, self.running_header, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.line(MARGIN, self.get_y() + 0.5, self.w - MARGIN, self.get_y() + 0.5)
        self.set_y(MARGIN + 6)

    def footer(self) -> None:
        self.set_y(-MARGIN + 2)
        self.set_font(self.family, "", 8)
        left = f"{self.record.title}, session {self.record.session_id}"
        self.cell(self.epw / 2, 4, self.clean(left))
        self.cell(self.epw / 2, 4, f"Page {self.page_no()} of {{nb}}", align="R")

    # --- building blocks -----------------------------------------------------------------

    def heading(self, text: str, size: float = 13) -> None:
        if self.will_page_break(LINE * 5):
            self.add_page()
        self.ln(2)
        self.set_font(self.family, "B", size)
        self.multi_cell(0, size * 0.5, self.clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def para(self, text: str, bold: bool = False, size: float = 9.5) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.multi_cell(0, LINE, self.clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def said(self, text: str) -> None:
        """Typed text, indented behind a rule, every line kept."""
        self.set_font(self.family, "", 9.5)
        top_page, top = self.page, self.get_y()
        self.set_x(MARGIN + 4)
        self.multi_cell(
            self.epw - 4,
            LINE,
            self.clean(s.shown(text)),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        if self.page == top_page:  # the rule only where the text stayed on one page
            self.line(MARGIN + 1.5, top + 0.5, MARGIN + 1.5, self.get_y() - 0.5)
        self.ln(1)

    def table_of(
        self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]
    ) -> None:
        self.set_font(self.family, "", 8.5)
        with self.table(
            col_widths=tuple(widths),
            text_align="LEFT",
            line_height=4.2,
            first_row_as_headings=True,
            headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
        ) as table:
            table.row([self.clean(h) for h in header])
            for cells in rows:
                table.row([self.clean(c) for c in cells])
        self.ln(2)


def render(record: Record, font: Font | None = None, *, find_font: bool = True) -> bytes:
    """The whole record as PDF bytes. `font` None looks for a Unicode font when `find_font`
    (else uses the Latin-1 core font). A font that turns out damaged raises `FontError`."""
    if font is None and find_font:
        font = find_unicode_font()
    if font is None:
        return _render(record, None)
    with _font_tools_quiet():
        try:
            return _render(record, font)
        except FontError:
            raise
        except Exception as exc:  # a damaged font can fail wherever glyphs are measured
            why = f"failed while the PDF was written ({type(exc).__name__})"
            raise font.unusable(font.regular, why) from exc


@contextmanager
def _font_tools_quiet() -> Iterator[None]:
    """fontTools warns once per odd glyph of a damaged font (thousands of lines on stderr);
    the one-line `FontError` says what matters."""
    logger = logging.getLogger("fontTools")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _render(record: Record, font: Font | None) -> bytes:
    pdf = _Document(record, font)
    pdf.add_page()
    pdf.set_font(pdf.family, "B", 17)
    pdf.multi_cell(0, 8, pdf.clean(record.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)

    pdf.heading("Learner, assessment and session")
    pdf.table_of(("Item", "Detail"), s.details(record), (28, 72))

    pdf.heading("Criteria coverage")
    rows = s.coverage_rows(record)
    if rows:
        pdf.table_of(s.coverage_header(record), rows, (22, 44, 12, 22))
    if not_covered := s.not_covered_line(record):
        pdf.para(not_covered)

    pdf.heading("Questions and answers")
    if not record.questions:
        pdf.para("No question was asked in this session.")
    for block in record.questions:
        pdf.heading(s.question_heading(block.number, block.criterion, block.at), size=11)
        pdf.para(f"Question (turn {block.seq}, question id {block.question_id})", bold=True)
        pdf.said(block.text)
        for entry in block.entries:
            if pdf.will_page_break(LINE * 3):
                pdf.add_page()
            pdf.para(s.entry_heading(entry), bold=True)
            pdf.said(entry.text)
            if entry.kind == "answer":
                pdf.para(s.machine_line(entry.machine), size=8.5)
            if entry.override:
                pdf.para(s.override_line(entry.override, entry.machine), bold=True, size=8.5)
            pdf.ln(1)

    pdf.heading("Assessor notes" if record.is_assessment else "Notes")
    if not record.notes:
        pdf.para("None.")
    for note in record.notes:
        where = f"question {note.question_number}, " if note.question_number else ""
        where += f"{note.criterion}, " if note.criterion else ""
        pdf.para(f"{s.clock(note.at)} ({where}{note.actor}, turn {note.seq})", bold=True)
        pdf.said(note.text)

    pdf.heading("Judgement per criterion")
    pdf.para("The machine score is decision support; the assessor's decision is the judgement.")
    for c in record.asked_criteria:
        pdf.heading(s.criterion_title(c), size=10.5)
        pdf.table_of(
            ("Aspect", "Machine score", "Assessor's decision"),
            s.judgement_rows(record, c),
            (18, 41, 41),
        )
        for line in [*s.earlier_lines(c), *s.answer_override_lines(c)]:
            pdf.para(f"• {line}", size=8.5)

    pdf.heading("Feedback and next steps")
    if record.feedback or record.next_steps:
        pdf.para(f"Given {s.when(record.feedback_at)}.")
        pdf.para("Feedback", bold=True)
        pdf.said(record.feedback or "")
        pdf.para("Next steps", bold=True)
        pdf.said(record.next_steps or "")
    else:
        pdf.para("None recorded.")

    pdf.heading("Declarations and signatures")
    pdf.table_of(s.DECLARATION_HEADER, s.declaration_rows(record), (22, 44, 16, 18))

    pdf.heading("Session events")
    for e in record.timeline:
        pdf.para(s.timeline_line(e.seq, e.at, e.kind, e.actor, e.text), size=8.5)

    pdf.heading("Integrity")
    pdf.para("Session digest (SHA-256):", bold=True)
    pdf.para(record.session_digest, size=8.5)
    pdf.para(s.verification_line(record))
    pdf.para(s.verify_instructions(record))
    return bytes(pdf.output())
