"""GQA specifications: tab-separated tables with HTML fragments and GQA's own unit numbers.

The layout (GQA Level 3 Diploma in Customer Service, 603/5637/6): a cover, an evidence-record
form (personal competence summary, evidence checkboxes, signatures), a structure table
("Unit No / Mandatory Units / Level / Credit" with "Optional Group N (Minimum of N Credits)"
rows), generic guidance, a candidate declaration, then one section per unit:

    H/618/0196<TAB>Organise and deliver customer service<TAB>Level 3<TAB>5 Credits
    CS1
    This unit aims to ...
    Learning outcome. The learner will:<TAB>Assessment criteria. The learner can:<TAB>...
    1. Understand how to ...<TAB>1.1 Explain how ...<TAB><TAB>
    <TAB>1.2 Explain who ...
    Assessor comments

The forms are not units and are never read as such.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from tutor.banks.importers import SpecDocument, SpecWarning
from tutor.banks.importers.finish import (
    Numbering,
    RawCriterion,
    RawOutcome,
    check_letter,
    finish_unit,
)
from tutor.banks.model import Qualification, Unit, UnitGroup
from tutor.text import clean_line

AWARDING_BODY = "GQA"

_REF = r"[A-Z]/\d{3}/\d{4}"
_TABLE_HEADER = "Learning outcome. The learner will:"
_UNIT_HEADING = re.compile(
    rf"^(?P<ref>{_REF})\t(?P<title>[^\t]+)\tLevel\s*(?P<level>\d+)\t(?P<credit>\d+)\s*Credits?\b",
    re.I,
)
_STRUCTURE_ROW = re.compile(
    rf"^(?P<ref>{_REF})\t(?P<title>[^\t]+)\t(?P<level>\d+)\t(?P<credit>\d+)\s*(\t|$)"
)
_GROUP_ROW = re.compile(
    r"^(?P<name>Optional Group \d+)\s*\(Minimum of (?P<min>\d+) Credits?\)", re.I
)
_MANDATORY_HEADER = re.compile(r"^Unit No\.?\tMandatory Units\b", re.I)
_OUTCOME_CELL = re.compile(r"^(?P<id>\d+)\.?\s+(?P<text>\S.*)$")
_CRITERION_CELL = re.compile(r"^(?P<id>\d+\.\d+)\.?\s+(?P<text>\S.*)$")
_QUALIFICATION_NUMBER = re.compile(r"\b(\d{3}/\d{4}/\d)\b")
# A page number glued to the end of a criterion by the extraction ("... relationships 2").
_STRAY_PAGE_NUMBER = re.compile(r"(?<=[a-z)])\s+(\d{1,3})$")
_TAG = re.compile(r"<\s*(?P<name>/?[a-zA-Z]+)[^>]*>")
_UNIT_END = re.compile(r"^(Assessor comments|Notes)\b", re.I)


def looks_like(text: str) -> bool:
    """A GQA qualification booklet with its tab-separated unit tables."""
    return "GQA" in text[:5000] and f"{_TABLE_HEADER}\t" in text


def strip_html(text: str) -> str:
    """Cell text without HTML fragments: line breaks become spaces, other tags vanish."""

    def replace(match: re.Match[str]) -> str:
        return " " if match.group("name").lower() in ("br", "br/", "p", "/p") else ""

    return html.unescape(_TAG.sub(replace, text))


@dataclass
class _TableEntry:
    ref: str
    title: str
    level: int
    credit: int


@dataclass
class _UnitDraft:
    ref: str
    title: str
    level: int
    credit: int
    code: str = ""
    outcomes: list[tuple[str, str, list[tuple[str, str]]]] = field(default_factory=list)
    closed: bool = False


def parse(text: str, source: str) -> SpecDocument:
    """Read a GQA specification; the source's own errors come back as warnings."""
    lines = [strip_html(line).rstrip("\r\n") for line in text.splitlines()]
    warnings: list[SpecWarning] = []
    title, number = _qualification_heading(lines)
    table, groups = _structure_table(lines)
    drafts = _unit_sections(lines, warnings)

    units: list[Unit] = []
    seen: set[str] = set()
    for draft in drafts:
        if draft.ref in seen:
            warnings.append(SpecWarning(draft.ref, "unit printed twice; the first one is kept"))
            continue
        seen.add(draft.ref)
        units.append(_unit(draft, table.get(draft.ref), number, warnings))

    for ref, entry in table.items():
        if ref not in seen:
            warnings.append(
                SpecWarning(
                    ref,
                    f"listed in the structure table ({entry.title}) but no unit section was found",
                )
            )
    if drafts and not drafts[-1].closed:
        warnings.append(
            SpecWarning(
                drafts[-1].ref,
                "the file ends inside this unit: it may be truncated, "
                "so its last criteria may be missing",
            )
        )
    for ref in sorted({*table, *seen}):
        if bad_letter := check_letter(ref, "the unit heading or structure table"):
            warnings.append(bad_letter)

    qualification = None
    if number:
        level = re.search(r"Level (\d+)", title)
        qualification = Qualification(
            number=number,
            title=title,
            awarding_body=AWARDING_BODY,
            level=int(level.group(1)) if level else None,
            groups=tuple(groups),
        )
    return SpecDocument(
        source=source,
        awarding_body=AWARDING_BODY,
        qualification=qualification,
        units=units,
        warnings=warnings,
    )


def _qualification_heading(lines: list[str]) -> tuple[str, str]:
    """The qualification's title (the first line naming a level) and its number."""
    title = ""
    for line in lines[:40]:
        cleaned = clean_line(line)
        if not title and re.search(r"\bLevel \d+\b", cleaned) and "\t" not in line:
            title = cleaned
        if title and (match := _QUALIFICATION_NUMBER.search(cleaned)):
            return title, match.group(1)
    return title, ""


def _structure_table(lines: list[str]) -> tuple[dict[str, _TableEntry], list[UnitGroup]]:
    """The "Unit No / Mandatory Units / Level / Credit" table and its groups.

    The competence summary form repeats only part of it, so it is read only where the
    structure table is missing.
    """
    start = next((i for i, line in enumerate(lines) if _MANDATORY_HEADER.match(line)), None)
    if start is None:
        start = next((i for i, line in enumerate(lines) if line.startswith("Unit Number\t")), None)
    if start is None:
        return {}, []
    entries: dict[str, _TableEntry] = {}
    groups: list[tuple[str, bool, int | None, list[str]]] = [("Mandatory", True, None, [])]
    for line in lines[start + 1 :]:
        if not line.strip() or re.fullmatch(r"CS\d+\s*", line.split("\t")[0]):
            continue
        if row := _STRUCTURE_ROW.match(line):
            ref = row.group("ref")
            entries.setdefault(
                ref,
                _TableEntry(
                    ref,
                    clean_line(row.group("title")),
                    int(row.group("level")),
                    int(row.group("credit")),
                ),
            )
            groups[-1][3].append(ref)
        elif group := _GROUP_ROW.match(line):
            groups.append((clean_line(group.group("name")), False, int(group.group("min")), []))
        else:
            break
    return entries, [
        UnitGroup(name=name, mandatory=mandatory, min_credits=minimum, units=tuple(refs))
        for name, mandatory, minimum, refs in groups
        if refs or minimum is not None
    ]


def _unit_sections(lines: list[str], warnings: list[SpecWarning]) -> list[_UnitDraft]:
    """Every unit section, read from its heading row to "Assessor comments"."""
    drafts: list[_UnitDraft] = []
    current: _UnitDraft | None = None
    in_table = False
    for line in lines:
        if heading := _UNIT_HEADING.match(line):
            if current is not None and not current.closed:
                warnings.append(SpecWarning(current.ref, "no 'Assessor comments' closes this unit"))
                current.closed = True
            current = _UnitDraft(
                ref=heading.group("ref"),
                title=clean_line(heading.group("title")),
                level=int(heading.group("level")),
                credit=int(heading.group("credit")),
            )
            drafts.append(current)
            in_table = False
            continue
        if current is None or current.closed:
            continue
        if not current.code and re.fullmatch(r"CS\d+", line.split("\t")[0].strip()):
            current.code = line.split("\t")[0].strip()
            continue
        if line.startswith(_TABLE_HEADER):
            in_table = True
            continue
        if _UNIT_END.match(line.strip()):
            current.closed = True
            in_table = False
            continue
        if in_table and line.strip():
            _table_row(current, line, warnings)
    return drafts


def _table_row(draft: _UnitDraft, line: str, warnings: list[SpecWarning]) -> None:
    """One row: an optional outcome cell, then a criterion cell (or a wrapped line)."""
    cells = line.split("\t")
    outcome_cell = clean_line(cells[0])
    criterion_cell = clean_line(cells[1]) if len(cells) > 1 else ""
    if outcome_cell:
        if match := _OUTCOME_CELL.match(outcome_cell):
            draft.outcomes.append((match.group("id"), match.group("text"), []))
        elif draft.outcomes and not criterion_cell:
            # An outcome wrapped onto a second line.
            oid, otext, criteria = draft.outcomes[-1]
            draft.outcomes[-1] = (oid, f"{otext} {outcome_cell}", criteria)
            return
        else:
            warnings.append(SpecWarning(draft.ref, f"unreadable table row: {outcome_cell!r}"))
            return
    if not criterion_cell:
        return
    if not draft.outcomes:
        warnings.append(
            SpecWarning(draft.ref, f"criterion before any learning outcome: {criterion_cell!r}")
        )
        return
    criteria = draft.outcomes[-1][2]
    if match := _CRITERION_CELL.match(criterion_cell):
        criteria.append((match.group("id"), match.group("text")))
    elif criteria:
        cid, ctext = criteria[-1]
        criteria[-1] = (cid, f"{ctext} {criterion_cell}")
    else:
        warnings.append(SpecWarning(draft.ref, f"criterion without a number: {criterion_cell!r}"))


def _unit(
    draft: _UnitDraft, entry: _TableEntry | None, number: str, warnings: list[SpecWarning]
) -> Unit:
    if entry is not None:
        # Which of two printed values is right is a decision for the errata (F/618/0481's
        # heading says Level 2, the structure table 3): the unit heading's is kept.
        for name, heading, table in (
            ("level", draft.level, entry.level),
            ("credit", draft.credit, entry.credit),
        ):
            if heading != table:
                warnings.append(
                    SpecWarning(
                        draft.ref,
                        f"{name} disagrees: the unit heading says {heading}, the structure "
                        f"table {table}; the heading's is kept: record the right {name} in "
                        "errata.yaml",
                    )
                )
        if entry.title.casefold() != draft.title.casefold():
            warnings.append(
                SpecWarning(
                    draft.ref,
                    f"title disagrees: the unit heading says "
                    f"{draft.title!r}, the structure table {entry.title!r}; the heading's is "
                    "kept: record the right title in errata.yaml",
                )
            )
    raw = [
        RawOutcome(oid, clean_line(otext), _criteria(draft.ref, criteria, warnings))
        for oid, otext, criteria in draft.outcomes
    ]
    outcomes = finish_unit(draft.ref, raw, Numbering.ALL_KEPT, warnings)
    if not outcomes:
        warnings.append(SpecWarning(draft.ref, "no learning outcomes were found for this unit"))
    label = f"{AWARDING_BODY} {number} unit {draft.code}".strip() if number else AWARDING_BODY
    return Unit(
        ref=draft.ref,
        title=draft.title,
        level=draft.level,
        credit=draft.credit,
        sources=(label,),
        outcomes=outcomes,
    )


def _criteria(
    ref: str, rows: list[tuple[str, str]], warnings: list[SpecWarning]
) -> tuple[RawCriterion, ...]:
    """An outcome's criteria, cleaned, with a page number stuck to the end removed."""
    criteria: list[RawCriterion] = []
    for cid, raw in rows:
        ctext = clean_line(raw)
        if stray := _STRAY_PAGE_NUMBER.search(ctext):
            warnings.append(
                SpecWarning(
                    ref,
                    f"criterion {cid}: removed a stray page number {stray.group(1)!r} from its end",
                )
            )
            ctext = ctext[: stray.start()]
        criteria.append(RawCriterion(cid, ctext))
    return tuple(criteria)
