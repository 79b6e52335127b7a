"""ProQual qualification specifications (e.g. Level 3 Diploma in Customer Service, 601/3577/3).

The text is a flattened two-column PDF: each unit page is headed "Unit L/506/2150" and its
title, then a repeated table header ("Learning Outcome - The learner will: Assessment
Criterion - The learner can:"), then outcomes ("1 Understand …") and criteria ("1.1 Explain …")
wrapped over several lines, sometimes an outcome and its first criterion on one line. Page
footers ("ProQual, November 2017" / the qualification title / a page number) fall between or
inside criteria. Unit level and credit come from the structure table; there is no
per-criterion guidance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tutor.banks.importers import SpecDocument, SpecWarning
from tutor.banks.importers.drafts import OutcomeDraft, add_criterion
from tutor.banks.importers.finish import (
    KEPT_AS_PRINTED,
    Numbering,
    RawCriterion,
    RawOutcome,
    check_letter,
    finish_unit,
    title_key,
)
from tutor.banks.model import Qualification, Unit, UnitGroup
from tutor.text import clean_line

AWARDING_BODY = "ProQual"

_REF = r"[A-Z]/\d{3}/\d{4}"
# A page number can stick to the heading that opens the next page: "29 Unit J/506/2163".
_UNIT_HEADING = re.compile(rf"^(?:\d{{1,3}}\s+)?(?:Unit\s+)?({_REF})$")
_TABLE_ROW = re.compile(rf"^({_REF}) (.+?) (\d) (\d{{1,2}})$")
_GROUP_HEADING = re.compile(r"^Group ([A-Z]) (Mandatory|Optional) Units\b(.*)$", re.I)
_FOOTER = re.compile(r"^ProQual, [A-Z][a-z]+ \d{4}(?: \d{1,3})?$")
_PAGE_NUMBER = re.compile(r"^\d{1,3}$")
_TABLE_HEADER = re.compile(
    r"Learning Outcome - The( learner( will:?)?)?|^(learner )?will:|"
    r"Assessment Criterion - The learner can:"
)
_CRITERION = re.compile(r"^(\d+)\.(\d+)\.?\s+(\S.*)$")
_OUTCOME = re.compile(r"^(\d+)\.?\s+([A-Z].*)$")
_ROW_END = re.compile(r"(^| )\d \d{1,2}$")
_GLUED_CRITERION = re.compile(r"\s(?=(\d+)\.\d+\.?\s+[A-Za-z])")


def looks_like(text: str) -> bool:
    """A ProQual specification: names ProQual and uses its two-column table header."""
    return "ProQual" in text and "Assessment Criterion - The learner can" in text


def parse(text: str, source: str) -> SpecDocument:
    """Read the qualification, its structure table and every unit page the text holds."""
    doc = SpecDocument(source=source, awarding_body=AWARDING_BODY)
    lines = _without_furniture([clean_line(raw) for raw in text.splitlines()])
    units_start = next((i for i, line in enumerate(lines) if _UNIT_HEADING.match(line)), len(lines))
    qualification, table = _qualification(lines[:units_start], doc.warnings)
    pages = _unit_pages(lines[units_start:], doc.warnings)
    if not pages:
        doc.warnings.append(
            SpecWarning("", "no ProQual unit page (heading 'Unit A/123/4567') could be read")
        )
        doc.qualification = qualification
        return doc
    label = qualification.number if qualification else source
    refs = _resolve_refs(pages, table, doc.warnings)
    read: set[str] = set()
    for page in pages:
        row = _table_row(refs[id(page)], page.title, table)
        read.add(row.ref if row else refs[id(page)])
        built = _build_unit(page, refs[id(page)], row, label, doc.warnings)
        # A unit with no outcomes is not a unit the tutor can use; its warning says so.
        if built.outcomes:
            doc.units.append(built)
    for row in table.values():
        if row.ref not in read:
            doc.warnings.append(
                SpecWarning(
                    row.ref,
                    f"the structure table lists {row.title!r} but no unit page for it could be "
                    "read (the text may be truncated)",
                )
            )
    doc.qualification = qualification
    return doc


def _without_furniture(lines: list[str]) -> list[str]:
    """Lines with page footers and page numbers removed.

    A footer is "ProQual, November 2017", the running title under it and the page number;
    a page number may also stand alone. Blank lines are kept: they separate table rows.
    """
    kept: list[str] = []
    skip_title = False
    for line in lines:
        if _FOOTER.match(line):
            skip_title = True
            continue
        if skip_title and line:
            skip_title = False
            if re.search(r"\b(Diploma|Certificate|Award|Extended)\b", line) and not (
                _CRITERION.match(line) or _OUTCOME.match(line)
            ):
                continue
        if _PAGE_NUMBER.match(line):
            continue
        kept.append(line)
    return kept


# --- qualification and structure table ----------------------------------------------------


@dataclass
class _Row:
    """A unit as the structure table lists it."""

    ref: str
    title: str
    level: int
    credit: int
    group: str


def _qualification(
    lines: list[str], warnings: list[SpecWarning]
) -> tuple[Qualification | None, dict[str, _Row]]:
    title = number = ""
    level: int | None = None
    min_credits: int | None = None
    for index, line in enumerate(lines):
        if m := re.match(r"Qualification title (.+)$", line):
            title = m.group(1)
        elif m := re.match(r"Ofqual qualification number (\d{3}/\d{4}/\d)", line):
            number = m.group(1)
            level = _level_after(lines, index)
        elif m := re.search(r"Candidates must achieve (\d+) credits", line):
            min_credits = int(m.group(1))
    table, groups = _structure(lines, warnings)
    if not number:
        warnings.append(SpecWarning("", "the Ofqual qualification number could not be read"))
        return None, table
    if level is None and (m := re.search(r"Level (\d)", title)):
        level = int(m.group(1))
    qualification = Qualification(
        number=number,
        title=title,
        awarding_body=AWARDING_BODY,
        level=level,
        min_credits=min_credits,
        groups=groups,
    )
    return qualification, table


def _level_after(lines: list[str], index: int) -> int | None:
    for line in lines[index + 1 : index + 4]:
        if m := re.fullmatch(r"Level (\d)", line):
            return int(m.group(1))
    return None


def _structure(
    lines: list[str], warnings: list[SpecWarning]
) -> tuple[dict[str, _Row], tuple[UnitGroup, ...]]:
    """The structure table's rows by reference, and its groups.

    A row ("Y/506/2166 Develop resources … 3 5") may wrap, its level and credit on a line of
    their own; the group minimum comes from "a minimum of 15 credits from Optional Group B" or
    "31 credits from the Mandatory units in Group A".
    """
    rules: dict[str, int] = {}
    caps: dict[str, int] = {}
    for line in lines:
        # "a maximum of 9 credits may be from Group C" is a cap, not a minimum.
        if m := re.search(r"maximum of (\d+) credits .*Group ([A-Z])\b", line):
            caps[m.group(2)] = int(m.group(1))
        elif m := re.search(r"(\d+) credits from .*Group ([A-Z])\b", line):
            rules[m.group(2)] = int(m.group(1))
    rows: dict[str, _Row] = {}
    order: list[tuple[str, bool]] = []
    members: dict[str, list[str]] = {}
    group = ""
    pending: list[str] = []

    def finish_row() -> None:
        if not pending:
            return
        joined = " ".join(pending)
        pending.clear()
        match = _TABLE_ROW.match(joined)
        if match is None:
            warnings.append(SpecWarning("", f"structure table row not understood: {joined!r}"))
            return
        ref, title, level, credit = match.groups()
        if ref in rows:
            warnings.append(SpecWarning(ref, "listed twice in the structure table"))
            return
        rows[ref] = _Row(ref, title, int(level), int(credit), group)
        members[group].append(ref)

    for line in lines:
        if heading := _GROUP_HEADING.match(line):
            finish_row()
            group = heading.group(1)
            order.append((group, heading.group(2).lower() == "mandatory"))
            members[group] = []
        elif group and re.match(_REF, line):
            finish_row()
            pending.append(line)
        elif pending and _ROW_END.search(pending[-1]):
            finish_row()  # the row is complete: what follows is not part of it
        elif pending and line:
            pending.append(line)
    finish_row()
    for name, mandatory in order:
        total = sum(rows[ref].credit for ref in members[name])
        if mandatory and name in rules and total != rules[name]:
            warnings.append(
                SpecWarning(
                    "",
                    f"Group {name} is mandatory with {rules[name]} credits, but its units "
                    f"carry {total}",
                )
            )
    groups = tuple(
        UnitGroup(
            name=f"Group {name}",
            mandatory=mandatory,
            min_credits=rules.get(name),
            units=tuple(members[name]),
            max_credits=caps.get(name),
        )
        for name, mandatory in order
    )
    return rows, groups


# --- unit pages ----------------------------------------------------------------------------


@dataclass
class _Page:
    ref: str
    title: str = ""
    outcomes: list[OutcomeDraft] = field(default_factory=list)


def _unit_pages(lines: list[str], warnings: list[SpecWarning]) -> list[_Page]:
    pages: list[_Page] = []
    page: _Page | None = None
    in_title = False
    for line in lines:
        if heading := _UNIT_HEADING.match(line):
            page = _Page(heading.group(1))
            pages.append(page)
            in_title = True
            continue
        if page is None or not line:
            continue
        if _TABLE_HEADER.search(line):
            in_title = False
            rest = _TABLE_HEADER.sub("", line).strip()
            if not rest:
                continue
            line = rest
        if in_title and page.title and (_CRITERION.match(line) or line.startswith("1 ")):
            in_title = False  # a page without the table header
            warnings.append(SpecWarning(page.ref, "no outcome/criterion table header"))
        if in_title:
            page.title = f"{page.title} {line}".strip()
            continue
        _read_body_line(page, line, warnings)
    return pages


def _read_body_line(page: _Page, line: str, warnings: list[SpecWarning]) -> None:
    """One line of the outcome/criterion columns: a new outcome, a new criterion or more text."""
    if criterion := _CRITERION.match(line):
        major, minor, rest = criterion.groups()
        add_criterion(page.ref, page.outcomes, f"{major}.{minor}", rest, warnings)
        return
    outcome = _OUTCOME.match(line)
    due = str(len(page.outcomes) + 1)
    if outcome and outcome.group(1) == due:
        number, rest = outcome.groups()
        # The first criterion may share the line: "1 Understand business markets 1.1 Explain …".
        glued = next((m for m in _GLUED_CRITERION.finditer(rest) if m.group(1) == number), None)
        text, tail = (rest[: glued.start()], rest[glued.end() :]) if glued else (rest, "")
        page.outcomes.append(OutcomeDraft(number, text.strip()))
        if tail:
            _read_body_line(page, tail, warnings)
        return
    if not page.outcomes:
        warnings.append(SpecWarning(page.ref, f"text before any learning outcome: {line!r}"))
        return
    last = page.outcomes[-1]
    if last.criteria:
        last.criteria[-1].text = _join(last.criteria[-1].text, line)
    else:
        last.text = _join(last.text, line)


def _join(text: str, more: str) -> str:
    """Wrapped lines joined: a word broken after a hyphen ("post-" / "transaction") stays one."""
    if re.search(r"[A-Za-z]-$", text):
        return text + more
    return f"{text} {more}"


# --- building ------------------------------------------------------------------------------


def _resolve_refs(
    pages: list[_Page], table: dict[str, _Row], warnings: list[SpecWarning]
) -> dict[int, str]:
    """Each page's reference as printed, a wrong check letter reported with the structure
    table's reference for the same digits: which is right is a decision for the errata."""
    for ref in table:
        if bad_letter := check_letter(ref, "the structure table", ""):
            warnings.append(bad_letter)
    refs: dict[int, str] = {}
    seen: set[str] = set()
    for page in pages:
        ref = page.ref
        listed = _table_row(ref, page.title, table)
        if listed is not None and listed.ref != ref:
            consequence = f" and the structure table lists {listed.ref}{KEPT_AS_PRINTED}"
        else:
            consequence = KEPT_AS_PRINTED
        if bad_letter := check_letter(ref, "unit page", consequence):
            warnings.append(bad_letter)
        if ref in seen:
            warnings.append(SpecWarning(ref, "two unit pages carry this reference"))
        seen.add(ref)
        refs[id(page)] = ref
    return refs


def _table_row(ref: str, title: str, table: dict[str, _Row]) -> _Row | None:
    """The structure table's row for a unit page: by its reference, else the one row with
    the same digits and title (a page that misprints its check letter)."""
    if ref in table:
        return table[ref]
    same = [
        row
        for row in table.values()
        if row.ref[1:] == ref[1:] and title_key(row.title) == title_key(title)
    ]
    return same[0] if len(same) == 1 else None


def _build_unit(
    page: _Page, ref: str, row: _Row | None, label: str, warnings: list[SpecWarning]
) -> Unit:
    if row is None:
        warnings.append(
            SpecWarning(ref, "this unit page is not in the structure table: no level or credit")
        )
    elif title_key(row.title) != title_key(page.title):
        warnings.append(
            SpecWarning(
                ref,
                f"the structure table calls this unit {row.title!r}, its page {page.title!r}",
            )
        )
    if not page.outcomes:
        warnings.append(
            SpecWarning(
                ref, "no learning outcomes could be read (the text may be truncated): left out"
            )
        )
    raw = [
        RawOutcome(o.id, o.text, tuple(RawCriterion(c.id, c.text) for c in o.criteria))
        for o in page.outcomes
    ]
    outcomes = finish_unit(ref, raw, Numbering.AS_PRINTED, warnings)
    return Unit(
        ref=ref,
        title=page.title or (row.title if row else ""),
        level=row.level if row else None,
        credit=row.credit if row else None,
        sources=(f"{AWARDING_BODY} {label}",),
        outcomes=outcomes,
    )
