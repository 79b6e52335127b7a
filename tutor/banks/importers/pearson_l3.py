"""Pearson BTEC Level 3 Diploma in Customer Service (QCF): optional units 14–45.

The layout is a PDF flattened to text: each unit opens "Unit 15: Title" with its reference,
QCF level, credit and guided learning hours; then a two-column grid of learning outcomes
("1 Understand …") and criteria ("1.1 Explain …"), wrapped over lines and sometimes over
pages (the grid header repeats); then "Unit amplification", one "AC1.1: …" heading per
criterion with "●" bullets and "o" sub-bullets, which become the criterion's guidance.
Page footers and page numbers are dropped wherever they fall.

The extraction starts inside unit 14, so its amplification has no unit to belong to: it is
reported and skipped. The file names no qualification number and no rules of combination: the
qualification is returned without a number, its units in one group, with a note (and a
warning) saying so. Numbering errors follow the rule in `_pearson`: T/506/2160's outcome
"1.1" is read as outcome 1 and its "3.3 Implement …" as 3.1.
"""

from __future__ import annotations

import re
from itertools import pairwise

from tutor.banks.importers import SpecDocument, SpecWarning
from tutor.banks.importers._pearson import (
    AWARDING_BODY,
    OUTCOME_PHRASE,
    UNIT_HEADING,
    Amplification,
    PrintedCriterion,
    PrintedOutcome,
    build_outcomes,
    check_unit_ref,
    join_wrapped,
    normalise_number,
    unit_fields,
)
from tutor.banks.model import Qualification, Unit, UnitGroup
from tutor.text import clean_line

QUALIFICATION_TITLE = "Pearson BTEC Level 3 Diploma in Customer Service"

_FOOTER = re.compile(
    r"Pearson BTEC Level 3 Diploma in Customer Service \(QCF\) -"
    r"|Specification - Issue \d+ - .*Pearson Education Limited \d{4}"
    r"|\d{1,3}"
)
_GRID_HEADER = "Learning outcomes Assessment criteria"
_OUTCOME_ITEM = re.compile(r"(\d{1,2})\.?\s+([A-Z].*)")
_CRITERION_ITEM = re.compile(r"(\d{1,2}\.\d{1,2}\.?)\s+([A-Z].*)")
# A one-line outcome and its first criterion flattened onto one line.
_OUTCOME_AND_CRITERION = re.compile(r"(\d{1,2})\s+([A-Z].*?)\s+(\d{1,2}\.\d{1,2}\.?)\s+([A-Z].*)")
_AC_HEADING = re.compile(r"AC\s?(\d{1,2}\.\d{1,2})\.?:?(?:\s+(.*))?")
_BULLET = re.compile(r"[●•]\s*(.*)")
_SUB_BULLET = re.compile(r"o\s+(.*)")
_FIELDS = {
    "level": re.compile(r"QCF level:?\s*(\d+)"),
    "credit": re.compile(r"Credit value:?\s*(\d+)"),
    "glh": re.compile(r"Guided learning hours:?\s*(\d+)"),
}


def looks_like(text: str) -> bool:
    """Pearson L3 unit pages: "QCF level:" fields and "AC1.1:" amplification headings."""
    head = text[:300_000]
    return (
        re.search(r"^\s*QCF level:", head, re.M) is not None
        and re.search(r"^\s*Unit reference number:", head, re.M) is not None
        and ("Unit amplification" in head or "Pearson BTEC" in head)
    )


def parse(text: str, source: str) -> SpecDocument:
    """Every unit the file holds, with the warnings the source calls for."""
    lines = _clean_lines(text)
    document = SpecDocument(source=source, awarding_body=AWARDING_BODY)
    starts = _unit_starts(lines)
    if not starts:
        document.warnings.append(
            SpecWarning("", f'{source}: no Pearson unit pages ("Unit N: …") found; nothing read')
        )
        return document
    _report_leading_text(lines[: starts[0]], document.warnings)
    end = next(
        (i for i in range(starts[-1], len(lines)) if lines[i].startswith("Annexe ")), len(lines)
    )
    bounds = [*starts, end]
    numbers: list[str] = []
    for start, stop in pairwise(bounds):
        unit = _parse_unit(lines[start:stop], source, document.warnings)
        if unit is not None and (heading := UNIT_HEADING.fullmatch(lines[start])):
            document.units.append(unit)
            numbers.append(heading.group(1))
    _report_duplicate_units(document)
    document.qualification = _qualification(document.units, numbers)
    document.warnings.append(
        SpecWarning(
            "",
            f"{source}: the file names no qualification number or rules of combination; "
            "the qualification is recorded without a number, its units in one group",
        )
    )
    return document


def _qualification(units: list[Unit], numbers: list[str]) -> Qualification:
    """The qualification the units belong to, as far as the text says: its title and level,
    and the units it holds (no number, no rules of combination)."""
    held = f"{numbers[0]}-{numbers[-1]}" if numbers else ""
    return Qualification(
        number="",
        title=QUALIFICATION_TITLE,
        awarding_body=AWARDING_BODY,
        level=3,
        groups=(
            UnitGroup(
                name=f"Units {held} of the specification",
                units=tuple(dict.fromkeys(u.ref for u in units)),
            ),
        ),
        note=(
            "The specification's text names no qualification number and no rules of "
            "combination (mandatory units, credits): the number is not in the source. The "
            f"group lists the units the text holds ({held})."
        ),
    )


def _clean_lines(text: str) -> list[str]:
    """The lines, stripped; those the parser reads are cleaned, with page footers and page
    numbers blanked (a blank line keeps the paragraph break).

    Only unit headings, grids and amplification are cleaned: typography over the whole file
    would be most of the parse time.
    """
    lines = []
    heading_lines = 0  # lines still to clean after a unit heading
    in_section = False
    for raw in text.splitlines():
        line = raw.strip()
        if UNIT_HEADING.match(line):
            heading_lines, in_section = 14, False
        elif line.startswith((_GRID_HEADER, "Unit amplification")):
            in_section = True
        elif line.startswith("Information for tutors"):
            in_section = False
        if line and (in_section or heading_lines or line.startswith("AC")):
            line = clean_line(line)
            if _FOOTER.fullmatch(line):
                line = ""
        heading_lines = max(heading_lines - 1, 0)
        lines.append(line)
    return lines


def _unit_starts(lines: list[str]) -> list[int]:
    """Indexes of unit headings: "Unit N: Title" followed closely by its reference number."""
    starts = []
    for i, line in enumerate(lines):
        if UNIT_HEADING.fullmatch(line) and any(
            later.startswith("Unit reference number") for later in lines[i + 1 : i + 12]
        ):
            starts.append(i)
    return starts


def _report_leading_text(lines: list[str], warnings: list[SpecWarning]) -> None:
    headings = [m.group(1) for line in lines if (m := _AC_HEADING.fullmatch(line))]
    if headings:
        warnings.append(
            SpecWarning(
                "",
                "the file starts inside a unit whose heading and criteria are missing: "
                f"its amplification for AC{', AC'.join(headings)} was not read",
            )
        )


def _parse_unit(lines: list[str], source: str, warnings: list[SpecWarning]) -> Unit | None:
    heading = UNIT_HEADING.fullmatch(lines[0])
    assert heading is not None  # _unit_starts only yields headings
    number = heading.group(1)
    title_parts = [heading.group(2)]
    for line in lines[1:]:
        if not line:
            break
        title_parts.append(line)
    title = join_wrapped(title_parts)
    ref_line = next((ln for ln in lines if ln.startswith("Unit reference number")), "")
    printed_ref = ref_line.partition(":")[2] or ref_line.removeprefix("Unit reference number")
    ref, ref_warnings = check_unit_ref(printed_ref, f"unit {number}")
    warnings.extend(ref_warnings)
    values = unit_fields(lines, _FIELDS)

    grid, amplification = _sections(lines)
    if not grid:
        warnings.append(
            SpecWarning(ref, f"unit {number}: no learning outcomes and criteria found; skipped")
        )
        return None
    raw_outcomes = _parse_grid(ref, grid, warnings)
    guidance = _parse_amplification(amplification)
    if not amplification:
        warnings.append(SpecWarning(ref, f"note: unit {number} has no unit amplification"))
    outcomes = build_outcomes(ref, raw_outcomes, guidance, warnings)
    return Unit(
        ref=ref,
        title=title,
        level=values["level"],
        credit=values["credit"],
        glh=values["glh"],
        sources=(f"{QUALIFICATION_TITLE} unit {number}",),
        outcomes=outcomes,
    )


def _sections(lines: list[str]) -> tuple[list[str], list[str]]:
    """The grid lines (headers dropped) and the amplification lines of one unit."""
    grid: list[str] = []
    amplification: list[str] = []
    section = None
    for line in lines:
        if line == _GRID_HEADER:
            section = "grid"
            continue
        if line.startswith("Unit amplification"):
            section = "amplification"
            continue
        if line.startswith("Information for tutors"):
            section = None
        if section == "grid":
            grid.append(line)
        elif section == "amplification":
            amplification.append(line)
    return grid, amplification


def _parse_grid(ref: str, lines: list[str], warnings: list[SpecWarning]) -> list[PrintedOutcome]:
    """Outcomes and criteria in print order, with the numbers as printed."""
    outcomes: list[PrintedOutcome] = []
    current: PrintedOutcome | PrintedCriterion | None = None
    for line in lines:
        if not line:
            continue
        if both := _OUTCOME_AND_CRITERION.fullmatch(line):
            outcome = PrintedOutcome(both.group(1), [both.group(2)])
            current = PrintedCriterion(both.group(3), [both.group(4)])
            outcome.criteria.append(current)
            outcomes.append(outcome)
        elif item := _CRITERION_ITEM.fullmatch(line):
            number, text = item.groups()
            starts_outcome = OUTCOME_PHRASE.match(text) and (not outcomes or outcomes[-1].criteria)
            if starts_outcome:
                current = PrintedOutcome(normalise_number(number), [text])
                outcomes.append(current)
            elif not outcomes:
                warnings.append(
                    SpecWarning(ref, f"criterion {number} comes before any outcome; not read")
                )
                current = None
            else:
                current = PrintedCriterion(number, [text])
                outcomes[-1].criteria.append(current)
        elif item := _OUTCOME_ITEM.fullmatch(line):
            current = PrintedOutcome(item.group(1), [item.group(2)])
            outcomes.append(current)
        elif current is not None:
            current.parts.append(line)
        else:
            warnings.append(SpecWarning(ref, f"text before the first outcome not read: {line!r}"))
    return outcomes


def _parse_amplification(lines: list[str]) -> dict[str, list[Amplification]]:
    """Guidance per printed criterion number: one string per bullet.

    A sub-bullet ("o …") under a bullet that ends with ":" is prefixed with that bullet
    ("Assessing validity: content validity, i.e. …") so it reads on its own.
    """
    blocks: dict[str, list[Amplification]] = {}
    entries: list[list[str]] = []  # [kind, parts...] per bullet
    heading: list[str] = []
    heading_open = False

    def close() -> None:
        if key is not None:
            blocks.setdefault(key, []).append(
                Amplification(join_wrapped(heading), _bullets(entries))
            )

    key: str | None = None
    for line in lines:
        if not line:
            heading_open = False
            continue
        if match := _AC_HEADING.fullmatch(line):
            close()
            key, entries, heading_open = match.group(1), [], True
            heading = [match.group(2) or ""]
        elif bullet := _BULLET.fullmatch(line):
            entries.append(["bullet", bullet.group(1)])
            heading_open = False
        elif (sub := _SUB_BULLET.fullmatch(line)) and entries:
            entries.append(["sub", sub.group(1)])
        elif key is None:
            continue
        elif heading_open:
            heading.append(line)
        elif entries:
            entries[-1].append(line)
        else:
            entries.append(["bullet", line])
    close()
    return blocks


def _bullets(entries: list[list[str]]) -> tuple[str, ...]:
    out: list[str] = []
    for index, (kind, *parts) in enumerate(entries):
        text = join_wrapped(parts)
        if kind == "sub":
            parent = next(
                (join_wrapped(e[1:]) for e in reversed(entries[:index]) if e[0] == "bullet"), ""
            )
            out.append(f"{parent} {text}" if parent.endswith(":") else text)
            continue
        has_subs = index + 1 < len(entries) and entries[index + 1][0] == "sub"
        # A lead-in ("Assessing validity:") is carried by its sub-bullets instead.
        if not (has_subs and text.endswith(":")):
            out.append(text)
    return tuple(out)


def _report_duplicate_units(document: SpecDocument) -> None:
    seen: dict[str, str] = {}
    for unit in document.units:
        if unit.ref in seen:
            document.warnings.append(
                SpecWarning(unit.ref, f"unit {unit.ref} is printed twice ({seen[unit.ref]})")
            )
        seen.setdefault(unit.ref, unit.sources[0])
