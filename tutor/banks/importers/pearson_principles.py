"""Pearson BTEC Level 2 Award and Certificate in Principles of Customer Service.

One specification, two qualifications: the Award (601/5358/1, the two mandatory units) and
the Certificate (601/5359/3, three mandatory units and eight optional ones). The document's
`qualification` is the Award and `qualifications` holds both, each with its own groups, read
from the structure tables; units are held once and name both sources where both use them.

Each unit's grid is one tab-separated row per line: outcome number and text, criterion number
and text, then one piece of unit amplification (a "Label: …" paragraph), which becomes one
guidance string of the criterion. The PDF extraction has overlaid some cells (a criterion
number glued to half its text and repeated in the next cell, "1.2 E" then "Explain …") and
lost others (a criterion number, the start of a criterion or outcome). The parser rejoins what
it safely can and reports the rest as warnings naming the criterion; it never invents text.
Numbering follows the rule in `_pearson`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
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
    unit_fields,
)
from tutor.banks.model import Outcome, OutcomeKind, Qualification, Unit, UnitGroup
from tutor.banks.verbs import COMMAND_VERBS
from tutor.text import clean_line, normalise_typography

_TABLE_HEADER = re.compile(r"outcom.*amplification", re.I)
_TABLE_END = ("Information for tutors", "Delivery")
_LO_NUMBER = re.compile(r"\d{1,2}")
_AC_NUMBER = re.compile(r"(\d{1,2}\.\d{1,2})\.?")
_AC_WITH_TEXT = re.compile(r"(\d{1,2}\.\d{1,2})\.?\s+(\S.*)")
_AC_INSIDE = re.compile(r"(.*?)\s*\b(\d{1,2}\.\d{1,2})\.?\s+([A-Z].*)")
# A criterion whose number was lost but whose remains ("3 Explain …") kept a digit.
_AC_LOST_MAJOR = re.compile(r"\d{1,2}\s+([A-Z].*)")
_CUT_OFF = re.compile(r"(\b(?:a|an|the|of|in|to|and|or|for|with)|-)$", re.I)
_FIELDS = {
    "level": re.compile(r"Level:\s*(\d+)"),
    "credit": re.compile(r"Credit value:\s*(\d+)"),
    "glh": re.compile(r"Guided learning hours:\s*(\d+)"),
}
_STRUCTURE_ROW = re.compile(
    r"(\d{1,2})\t([A-Z]\s*/\s*\d{3}\s*/\s*\d{4})\t([^\t]+)\t(\d)\t(\d+)\t(\d+)"
)
_STRUCTURES_HEADING = re.compile(r"\d+ Qualification structures")
_ASSESSMENT_HEADING = re.compile(r"\d+ Assessment")
_MANDATORY, _OPTIONAL = "Mandatory units", "Optional units"
# Lines of a structure table that state a minimum: their opening words and which minimum.
_MINIMUM_LINES = (
    ("Number of mandatory credits", "mandatory"),
    ("Number of credits that must be achieved", "total"),
    ("Minimum number of optional credits", "optional"),
)

# A unit's row in a structure table: number, title, level, credit, guided learning hours.
_StructureRow = tuple[str, str, int, int, int]


@dataclass
class _Structures:
    """The qualification structure tables as they are read, line by line."""

    rows: dict[str, _StructureRow] = field(default_factory=dict)
    groups: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    minimums: dict[str, dict[str, int]] = field(default_factory=dict)
    current: str = ""
    optional: bool = False

    def open(self, title: str) -> None:
        """Start the table of the qualification titled `title`."""
        self.current, self.optional = title, False
        self.groups[title] = {_MANDATORY: [], _OPTIONAL: []}
        self.minimums[title] = {}


@dataclass
class _Table:
    """The grid of one unit as it is read, row by row."""

    unit: str
    outcomes: list[PrintedOutcome] = field(default_factory=list)
    guidance: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[SpecWarning] = field(default_factory=list)
    criterion: PrintedCriterion | None = None

    @property
    def outcome(self) -> PrintedOutcome | None:
        return self.outcomes[-1] if self.outcomes else None


def looks_like(text: str) -> bool:
    """The Pearson Principles of Customer Service specification (tab-separated grids)."""
    head = text[:20_000]
    return "Principles of Customer Service" in head and (
        "Pearson BTEC Level 2" in head or "BTEC Specialist" in head
    )


def parse(text: str, source: str) -> SpecDocument:
    """Both qualifications and every unit, with the warnings the source calls for."""
    lines = [normalise_typography(line).rstrip() for line in text.splitlines()]
    document = SpecDocument(source=source, awarding_body=AWARDING_BODY)
    qualifications, structure = _parse_qualifications(lines, document.warnings)
    document.qualifications = qualifications
    document.qualification = qualifications[0] if qualifications else None
    starts = [
        i
        for i, line in enumerate(lines)
        if UNIT_HEADING.fullmatch(line.strip())
        and any(ln.startswith("Unit reference number") for ln in lines[i + 1 : i + 10])
    ]
    if not starts:
        document.warnings.append(
            SpecWarning("", f'{source}: no Pearson unit pages ("Unit N: …") found; nothing read')
        )
        return document
    end = next(
        (
            i
            for i in range(starts[-1], len(lines))
            if re.match(r"\d{1,2} Further information", lines[i])
        ),
        len(lines),
    )
    sources = _unit_sources(qualifications)
    for start, stop in pairwise([*starts, end]):
        unit = _parse_unit(lines[start:stop], sources, structure, document.warnings)
        if unit is not None:
            document.units.append(unit)
    return document


def _parse_qualifications(
    lines: list[str], warnings: list[SpecWarning]
) -> tuple[list[Qualification], dict[str, _StructureRow]]:
    """The qualifications (summary and structure tables) and each unit's row in them."""
    numbers, credits = _summaries(lines)
    structures = _Structures()
    for line in _structures_section(lines):
        _read_structure_line(structures, line, numbers, warnings)
    qualifications = [
        _qualification(title, number, credits.get(title), structures, warnings)
        for title, number in numbers.items()
    ]
    return qualifications, structures.rows


def _summaries(lines: list[str]) -> tuple[dict[str, str], dict[str, int]]:
    """Each qualification's number and credit value by title, from the summary tables."""
    numbers: dict[str, str] = {}
    credits: dict[str, int] = {}
    title = ""
    for line in lines:
        label, _, value = (cell.strip() for cell in line.partition("\t"))
        if label == "Qualification title":
            title = clean_line(value)
        elif label.startswith("Qualification Number") and title and value:
            numbers.setdefault(title, value)
        elif label == "Credit value" and title in numbers and title not in credits:
            credits[title] = int(value) if value.isdigit() else 0
    return numbers, credits


def _structures_section(lines: list[str]) -> list[str]:
    """The lines from the "Qualification structures" heading to the "Assessment" one."""
    start = next(
        (i for i, line in enumerate(lines) if _STRUCTURES_HEADING.fullmatch(clean_line(line))),
        len(lines),
    )
    end = next(
        (
            i
            for i in range(start, len(lines))
            if _ASSESSMENT_HEADING.fullmatch(clean_line(lines[i]))
        ),
        len(lines),
    )
    return lines[start:end]


def _read_structure_line(
    structures: _Structures, line: str, numbers: dict[str, str], warnings: list[SpecWarning]
) -> None:
    """One line of the structure tables: a qualification's title, a minimum or a unit row."""
    stripped = clean_line(line)
    if stripped in numbers:
        structures.open(stripped)
    elif not structures.current:
        return
    elif match := re.match(r"(\d+) credits must be achieved", stripped):
        structures.minimums[structures.current]["total"] = int(match.group(1))
    elif minimum := next((m for opening, m in _MINIMUM_LINES if line.startswith(opening)), None):
        if (credits := _last_int(line)) is not None:
            structures.minimums[structures.current][minimum] = credits
    elif stripped == _OPTIONAL:
        structures.optional = True
    elif row := _STRUCTURE_ROW.fullmatch(line.strip()):
        number, printed_ref, unit_title, level, credit, glh = row.groups()
        ref, ref_warnings = check_unit_ref(printed_ref, f"unit {number}")
        if ref not in structures.rows:
            warnings.extend(ref_warnings)
        structures.rows[ref] = (number, clean_line(unit_title), int(level), int(credit), int(glh))
        group = _OPTIONAL if structures.optional else _MANDATORY
        structures.groups[structures.current][group].append(ref)


def _qualification(
    title: str,
    number: str,
    credits: int | None,
    structures: _Structures,
    warnings: list[SpecWarning],
) -> Qualification:
    """One qualification with its groups, checked against its summary's credit value."""
    if title not in structures.groups:
        warnings.append(
            SpecWarning("", f"{title} ({number}): no structure table found; no units listed")
        )
    groups = structures.groups.get(title, {})
    minimums = structures.minimums.get(title, {})
    total = minimums.get("total")
    if total is not None and credits not in (None, total):
        warnings.append(
            SpecWarning(
                "",
                f"{title}: credit value {credits} in the summary but {total} in the "
                "rules of combination",
            )
        )
    unit_groups = tuple(
        UnitGroup(
            name=name,
            mandatory=name == _MANDATORY,
            min_credits=_group_minimum(name, minimums, structures.rows, refs),
            units=tuple(refs),
        )
        for name, refs in groups.items()
        if refs
    )
    return Qualification(
        number=number,
        title=title,
        awarding_body=AWARDING_BODY,
        level=_level(title),
        min_credits=minimums.get("total", credits),
        groups=unit_groups,
    )


def _group_minimum(
    name: str,
    minimums: dict[str, int],
    structure: dict[str, _StructureRow],
    refs: list[str],
) -> int | None:
    if name == "Optional units":
        return minimums.get("optional")
    # The Award states only its total; its mandatory units carry all of it.
    return minimums.get("mandatory", sum(structure[ref][3] for ref in refs))


def _last_int(line: str) -> int | None:
    found = re.findall(r"\d+", line)
    return int(found[-1]) if found else None


def _level(title: str) -> int | None:
    match = re.search(r"\bLevel (\d)\b", title)
    return int(match.group(1)) if match else None


def _unit_sources(qualifications: list[Qualification]) -> dict[str, tuple[str, ...]]:
    """For each unit reference, the qualifications that use it: "Title (number)"."""
    sources: dict[str, list[str]] = {}
    for qualification in qualifications:
        for ref in qualification.unit_refs:
            sources.setdefault(ref, []).append(f"{qualification.title} ({qualification.number})")
    return {ref: tuple(names) for ref, names in sources.items()}


def _parse_unit(
    lines: list[str],
    sources: dict[str, tuple[str, ...]],
    structure: dict[str, _StructureRow],
    warnings: list[SpecWarning],
) -> Unit | None:
    heading = UNIT_HEADING.fullmatch(lines[0].strip())
    assert heading is not None  # parse only passes unit headings
    number = heading.group(1)
    title_parts = [heading.group(2)]
    for line in lines[1:]:
        if line.startswith("Unit reference number"):
            break
        title_parts.append(line)
    title = join_wrapped(title_parts)
    ref_line = next(ln for ln in lines if ln.startswith("Unit reference number"))
    ref, ref_warnings = check_unit_ref(ref_line.partition(":")[2], f"unit {number}")
    values = unit_fields(lines, _FIELDS)
    if ref not in structure:
        warnings.extend(ref_warnings)
    _compare_with_structure(ref, number, title, values, structure, warnings)

    rows = _table_rows(lines)
    if not rows:
        warnings.append(
            SpecWarning(ref, f"unit {number}: no learning outcomes and criteria found; skipped")
        )
        return None
    table = _Table(ref)
    for row in rows:
        _read_row(table, row)
    warnings.extend(table.warnings)
    guidance = {key: [Amplification("", tuple(bullets))] for key, bullets in table.guidance.items()}
    outcomes = tuple(
        _knowledge_if_cut(ref, outcome, warnings)
        for outcome in build_outcomes(ref, table.outcomes, guidance, warnings)
    )
    for _, criterion in ((o, c) for o in outcomes for c in o.criteria):
        if _CUT_OFF.search(criterion.text):
            warnings.append(
                SpecWarning(
                    ref,
                    f"criterion {criterion.id} reads {criterion.text!r}: the source's text "
                    "looks garbled or cut off here; check it against the PDF",
                )
            )
        lowercase = [g for g in criterion.guidance if g[:1].islower()]
        if lowercase:
            warnings.append(
                SpecWarning(
                    ref,
                    f"amplification of {criterion.id} starts mid-sentence "
                    f"({lowercase[0][:40]!r}…): the source's rows overlap here; kept as printed",
                )
            )
    return Unit(
        ref=ref,
        title=title,
        level=values["level"],
        credit=values["credit"],
        glh=values["glh"],
        sources=tuple(f"{name} unit {number}" for name in sources.get(ref, ()))
        or (f"Pearson BTEC Level 2 Principles of Customer Service unit {number}",),
        outcomes=outcomes,
    )


def _knowledge_if_cut(ref: str, outcome: Outcome, warnings: list[SpecWarning]) -> Outcome:
    """An outcome whose opening words are lost cannot say its kind; this is a knowledge
    qualification, so it is read as knowledge (and the reader is told)."""
    if not outcome.text[:1].islower():
        return outcome
    warnings.append(
        SpecWarning(
            ref,
            f"outcome {outcome.id} is read as a knowledge outcome, as its opening "
            "words (Understand/Know/Be able to) are missing",
        )
    )
    criteria = tuple(replace(c, target=True) for c in outcome.criteria)
    return replace(outcome, kind=OutcomeKind.KNOWLEDGE, criteria=criteria)


def _compare_with_structure(
    ref: str,
    number: str,
    title: str,
    values: dict[str, int | None],
    structure: dict[str, _StructureRow],
    warnings: list[SpecWarning],
) -> None:
    """The unit page and the structure table must agree on title, level, credit and GLH."""
    if ref not in structure:
        warnings.append(SpecWarning(ref, f"unit {number} is in no qualification structure"))
        return
    _, table_title, level, credit, glh = structure[ref]
    printed = {"title": title, "level": values["level"], "credit": values["credit"]}
    expected = {"title": table_title, "level": level, "credit": credit}
    printed["glh"], expected["glh"] = values["glh"], glh
    for name, value in printed.items():
        if value != expected[name]:
            warnings.append(
                SpecWarning(
                    ref,
                    f"unit {number} {name} is {value!r} on its page but {expected[name]!r} "
                    "in the qualification structure",
                )
            )


def _table_rows(lines: list[str]) -> list[list[tuple[int, str]]]:
    """The grid's rows as (column, cleaned text) cells, header rows dropped."""
    rows: list[list[tuple[int, str]]] = []
    started = False
    for line in lines:
        stripped = line.strip()
        if _TABLE_HEADER.search(line):
            started = True
            continue
        if not started:
            continue
        if stripped in _TABLE_END:
            break
        if "\t" not in line:
            continue
        cells = [(column, clean_line(cell)) for column, cell in enumerate(line.split("\t"))]
        # Overlaid fragments of one or two letters ("ıg", ", , ,") carry nothing.
        cells = [(c, t) for c, t in cells if sum(ch.isalpha() for ch in t) > 2 or t[:1].isdigit()]
        if cells:
            rows.append(cells)
    return rows


def _amplification_cells(cells: list[tuple[int, str]]) -> tuple[list[int], bool]:
    """Which of a row's cells are unit amplification, and whether any of them was told apart
    from the criterion beside it only by its content (the columns overlap in the source)."""
    found: list[int] = []
    overlapping = False
    for index, (column, text) in enumerate(cells):
        gap = column - cells[index - 1][0] if index else column
        if index == len(cells) - 1 and (gap >= 2 or (index == 0 and column >= 4)):
            found.append(index)
        # Criteria and outcomes never hold a labelled list ("Purpose: …") or semicolons.
        elif re.match(r"[^:]{2,60}: ", text) or (index > 0 and ";" in text):
            found.append(index)
            overlapping = overlapping or (index > 0 and gap == 1)
    return found, overlapping


def _read_row(table: _Table, cells: list[tuple[int, str]]) -> None:
    amplification_at, overlapping = _amplification_cells(cells)
    # A lone word or two beside the grid ("meets") is overlaid debris, not a bullet.
    amplification = [
        cells[i][1] for i in amplification_at if ":" in cells[i][1] or len(cells[i][1].split()) > 2
    ]
    left = _drop_overlays([cell for i, cell in enumerate(cells) if i not in amplification_at])
    opened: PrintedCriterion | None = None
    index = 0
    while index < len(left):
        column, text = left[index]
        following = left[index + 1][1] if index + 1 < len(left) else None
        if _LO_NUMBER.fullmatch(text) and column <= 1 and following is not None:
            _open_outcome(table, text, following.removeprefix(f"{text} "))
            opened = table.criterion if table.criterion and table.criterion.parts else None
            index += 2
            continue
        if match := _AC_NUMBER.fullmatch(text):
            opened = _open_criterion(table, match.group(1), [])
        elif match := _AC_WITH_TEXT.fullmatch(text):
            opened = _open_criterion(table, match.group(1), [match.group(2)])
            if following is not None and not _AC_NUMBER.match(following):
                opened.parts = [_merge_overlay(match.group(2), following)]
                index += 1
        elif opened is not None:
            opened.parts = [_merge_overlay(join_wrapped(opened.parts), text)]
        elif (lost := _AC_LOST_MAJOR.fullmatch(text)) and table.outcome is not None:
            opened = _open_criterion(table, "", [lost.group(1)])
        elif _starts_with_verb(text) and table.criterion is not None and table.criterion.parts:
            opened = _open_criterion(table, "", [text])
        elif column <= 1 or table.criterion is None:
            if table.outcome is None:
                table.warnings.append(
                    SpecWarning(table.unit, f"text before the first outcome not read: {text!r}")
                )
            else:
                _continue(table.outcome.parts, text)
        else:
            _continue(table.criterion.parts, text)
        index += 1
    if overlapping and opened is not None:
        table.warnings.append(
            SpecWarning(
                table.unit,
                f"criterion {opened.number} reads {opened.text!r}: its text overlaps the "
                "amplification in the source and may be garbled; check it against the PDF",
            )
        )
    if not amplification:
        return
    if table.criterion is None:
        table.warnings.append(
            SpecWarning(
                table.unit,
                f"amplification {amplification[0][:40]!r}… comes before any criterion of its "
                "outcome (the criterion is missing from the source); not read",
            )
        )
    else:
        table.guidance.setdefault(table.criterion.number, []).extend(amplification)


def _continue(parts: list[str], text: str) -> None:
    """Add a wrapped line, unless it only repeats the end of the text (an overlaid copy)."""
    if not join_wrapped(parts).endswith(text):
        parts.append(text)


def _open_outcome(table: _Table, number: str, text: str) -> None:
    outcome = PrintedOutcome(number)
    table.outcomes.append(outcome)
    table.criterion = None
    inside = _AC_INSIDE.fullmatch(text)
    if inside and inside.group(1):
        # "Be able to communicate effectively with 3.1 Listen 'actively' …": the outcome's
        # first line and its first criterion flattened into one cell.
        outcome.parts.append(inside.group(1))
        _open_criterion(table, inside.group(2), [inside.group(3)])
    else:
        outcome.parts.append(text)


def _open_criterion(table: _Table, number: str, parts: list[str]) -> PrintedCriterion:
    if table.outcome is None:
        table.outcomes.append(PrintedOutcome("?"))
        table.warnings.append(
            SpecWarning(table.unit, f"criterion {number or '?'} comes before any outcome")
        )
    outcome = table.outcome
    assert outcome is not None
    if not number:
        # The number was lost in the extraction: number it from its position, and say so.
        number = f"{outcome.number}.{len(outcome.criteria) + 1}"
        table.warnings.append(
            SpecWarning(
                table.unit,
                f"criterion {' '.join(parts)[:50]!r}… has no readable number: read as {number}",
            )
        )
    criterion = PrintedCriterion(number, list(parts))
    outcome.criteria.append(criterion)
    table.criterion = criterion
    return criterion


def _starts_with_verb(text: str) -> bool:
    first = text.split(" ", 1)[0]
    return first in COMMAND_VERBS or bool(OUTCOME_PHRASE.match(text))


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


def _drop_overlays(cells: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Drop a criterion-column cell that only repeats words of the cell to its right (an
    overlaid fragment: "security they are" before "Explain the importance of security
    settings and how they are used …"), and a repeated prefix before a flattened criterion
    number ("relationships with employer" | "elationships with employer 3.2 Describe …")."""
    kept: list[tuple[int, str]] = []
    for index, (column, text) in enumerate(cells):
        words = _words(text)[1:] or _words(text)  # the first may be a broken word
        right = _before_number(cells[index + 1][1]) if index + 1 < len(cells) else ""
        if (
            column >= 2
            and words
            and not text[:1].isdigit()
            and len(right) > len(text)
            and not _AC_WITH_TEXT.fullmatch(right)
            and set(words) <= set(_words(right))
        ):
            continue
        inside = _AC_INSIDE.fullmatch(text)
        if (
            inside
            and inside.group(1)
            and kept
            and set(_words(inside.group(1))[1:]) <= set(_words(kept[-1][1]))
        ):
            text = f"{inside.group(2)} {inside.group(3)}"
        kept.append((column, text))
    return kept


def _before_number(text: str) -> str:
    """A cell's text before a criterion number flattened into it ("… 3.2 Describe …")."""
    inside = _AC_INSIDE.fullmatch(text)
    return inside.group(1) if inside else text


def _merge_overlay(first: str, second: str) -> str:
    """Join a cell with the next one where the extraction overlaid them.

    "E" + "Explain the value …" -> "Explain the value …"; "Describe the characteristic of
    challenging customers" + "Describe the characteristics" -> "Describe the
    characteristics"; otherwise the two are joined as wrapped text.
    """
    if second.startswith(first):
        return second
    head = " ".join(second.split()[:2])
    position = first.find(head)
    if len(head) >= 8 and position >= 0:
        return first[:position] + second
    return join_wrapped([first, second])
