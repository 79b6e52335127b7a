"""What the two Pearson parsers share: unit headings and fields, wrapped text, numbering, units.

Both layouts end up as the same raw shape (outcomes with their printed numbers, criteria with
theirs, amplification keyed by printed criterion number); this module turns that into model
outcomes and criteria and reports what the source got wrong.

Numbering rule (documented in the parsers and pinned by tests): outcomes are numbered by
position. A criterion keeps its printed number when the outcome's printed numbers are distinct,
carry the outcome's number and rise; otherwise every criterion of that outcome is renumbered
from its position, with a warning for each one that changes. Pearson T/506/2160 prints its
first outcome as "1.1" (read as outcome 1) and 3.1 as "3.3" (read as 3.1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from rapidfuzz import fuzz

from tutor.banks.importers import SpecWarning
from tutor.banks.importers.finish import (
    Numbering,
    RawCriterion,
    RawOutcome,
    check_letter,
    finish_unit,
)
from tutor.banks.model import Outcome
from tutor.banks.refs import BadReference, normalise_unit_ref
from tutor.text import clean_line

AWARDING_BODY = "Pearson"
OUTCOME_PHRASE = re.compile(r"(understand|know|be able to)\b", re.I)
# Both layouts open a unit "Unit 15: Title" (the title may wrap onto the next lines).
UNIT_HEADING = re.compile(r"Unit (\d{1,2}): (.+)")
# Below this rapidfuzz ratio an amplification heading is not the criterion it is keyed to.
_SAME_TEXT = 80
_NUMBER = re.compile(r"(\d{1,2})\.(\d{1,2})")


@dataclass(frozen=True)
class Amplification:
    """The amplification printed for one criterion: its heading's criterion text (if the
    layout repeats it) and one string per bullet."""

    heading: str
    bullets: tuple[str, ...]


@dataclass
class PrintedCriterion:
    """A criterion as the layout prints it: its number and wrapped fragments."""

    number: str
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return join_wrapped(self.parts)


@dataclass
class PrintedOutcome:
    """An outcome as the layout prints it: its number, wrapped fragments and criteria."""

    number: str
    parts: list[str] = field(default_factory=list)
    criteria: list[PrintedCriterion] = field(default_factory=list)

    @property
    def text(self) -> str:
        return join_wrapped(self.parts)


def join_wrapped(parts: list[str]) -> str:
    """Wrapped fragments joined into one cleaned line; a word broken at a hyphen
    ("decision-" / "making") is rejoined without a space."""
    text = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if not text:
            text = part
        elif text[-1] == "-" and text[-2:-1].isalpha():
            text += part
        else:
            text += " " + part
    return clean_line(text)


def normalise_number(number: str) -> str:
    """'1.2.' -> '1.2', '3' -> '3'."""
    return number.strip().rstrip(".")


def unit_fields(lines: list[str], fields: dict[str, re.Pattern[str]]) -> dict[str, int | None]:
    """Each numeric field of a unit's header (level, credit, hours) from the first line that
    is all of it, or None where no line is."""
    return {name: _field(lines, pattern) for name, pattern in fields.items()}


def _field(lines: list[str], pattern: re.Pattern[str]) -> int | None:
    for line in lines:
        if match := pattern.fullmatch(line.strip()):
            return int(match.group(1))
    return None


def check_unit_ref(printed: str, where: str) -> tuple[str, list[SpecWarning]]:
    """The normalised reference and any warning about it (bad form or wrong check letter)."""
    try:
        ref = normalise_unit_ref(printed)
    except BadReference:
        return printed.strip(), [
            SpecWarning(where, f"unit reference {printed.strip()!r} is not of the form J/506/2132")
        ]
    bad_letter = check_letter(ref, "the unit heading")
    return ref, [bad_letter] if bad_letter else []


def _criterion_ids(outcome_id: str, printed: list[str]) -> tuple[list[str], list[str]]:
    """The ids the criteria get and the messages for any that were changed or missing."""
    positional = [f"{outcome_id}.{k}" for k in range(1, len(printed) + 1)]
    if printed == positional:
        return printed, []
    matches = [_NUMBER.fullmatch(p) for p in printed]
    minors = [int(m.group(2)) for m in matches if m and m.group(1) == outcome_id]
    if len(minors) == len(printed) and all(a < b for a, b in pairwise(minors)):
        gaps = ", ".join(
            f"{outcome_id}.{n}" for n in range(1, minors[-1] + 1) if n not in set(minors)
        )
        return printed, [f"outcome {outcome_id} has no criterion {gaps} (numbers kept as printed)"]
    messages = [
        f'criterion printed as "{p}" (number {k} of outcome {outcome_id}) is read as {new}'
        for k, (p, new) in enumerate(zip(printed, positional, strict=True), start=1)
        if p != new
    ]
    return positional, messages


def build_outcomes(
    unit: str,
    raw_outcomes: list[PrintedOutcome],
    guidance: dict[str, list[Amplification]],
    warnings: list[SpecWarning],
) -> tuple[Outcome, ...]:
    """Model outcomes from raw ones, numbered by the rule above, with guidance attached.

    `guidance` maps a printed criterion number to the amplification printed under it (more
    than one is a duplicate and is reported).
    """
    numbered: list[RawOutcome] = []
    used: set[str] = set()
    for position, raw in enumerate(raw_outcomes, start=1):
        outcome_id = str(position)
        if normalise_number(raw.number) != outcome_id:
            warnings.append(
                SpecWarning(
                    unit,
                    f'outcome {outcome_id} is printed as "{raw.number}" '
                    f"({raw.text[:50]}…): read as outcome {outcome_id}",
                )
            )
        outcome_text = raw.text
        if outcome_text[:1].islower():
            warnings.append(
                SpecWarning(
                    unit,
                    f"outcome {outcome_id} starts mid-sentence ({outcome_text[:40]!r}…): "
                    "its beginning is missing from the source",
                )
            )
        printed = [normalise_number(c.number) for c in raw.criteria]
        ids, messages = _criterion_ids(outcome_id, printed)
        warnings.extend(SpecWarning(unit, m) for m in messages)
        criteria: list[RawCriterion] = []
        for criterion_id, raw_criterion, printed_id in zip(ids, raw.criteria, printed, strict=True):
            text = raw_criterion.text
            if criterion_id in {c.id for c in criteria}:
                warnings.append(
                    SpecWarning(unit, f"criterion {criterion_id} is printed twice; both kept")
                )
            _check_criterion_text(unit, criterion_id, text, warnings)
            # Amplification is keyed by the printed number; a renumbered criterion keeps its
            # own amplification only when the printed number was not a duplicate.
            key = printed_id if printed.count(printed_id) == 1 else criterion_id
            blocks = guidance.get(key, [])
            if len(blocks) > 1:
                warnings.append(
                    SpecWarning(
                        unit, f"amplification for {key} is printed {len(blocks)} times; merged"
                    )
                )
            if blocks:
                used.add(key)
                _check_heading(unit, criterion_id, text, blocks, warnings)
            bullets = tuple(g for block in blocks for g in block.bullets)
            criteria.append(RawCriterion(criterion_id, text, guidance=bullets))
        numbered.append(RawOutcome(outcome_id, outcome_text, tuple(criteria)))
    outcomes = finish_unit(unit, numbered, Numbering.BY_POSITION, warnings)
    for key in guidance:
        if key not in used:
            warnings.append(
                SpecWarning(unit, f"amplification for AC{key} has no criterion {key}; not used")
            )
    _note_missing_guidance(unit, outcomes, warnings)
    return outcomes


def _check_criterion_text(
    unit: str, criterion_id: str, text: str, warnings: list[SpecWarning]
) -> None:
    if not text:
        warnings.append(SpecWarning(unit, f"criterion {criterion_id} has no text in the source"))
    elif not text[0].isupper():
        warnings.append(
            SpecWarning(
                unit,
                f"criterion {criterion_id} starts mid-sentence ({text[:40]!r}…): "
                "its beginning is missing from the source",
            )
        )


def _check_heading(
    unit: str,
    criterion_id: str,
    text: str,
    blocks: list[Amplification],
    warnings: list[SpecWarning],
) -> None:
    """Amplification whose heading quotes another criterion is keyed to the wrong one."""
    for block in blocks:
        if block.heading and fuzz.ratio(block.heading.lower(), text.lower()) < _SAME_TEXT:
            warnings.append(
                SpecWarning(
                    unit,
                    f"amplification headed AC{criterion_id} quotes {block.heading[:60]!r}, "
                    f"not the criterion ({text[:60]!r}); attached as printed",
                )
            )


def _note_missing_guidance(
    unit: str, outcomes: tuple[Outcome, ...], warnings: list[SpecWarning]
) -> None:
    """A note where some criteria of an outcome have amplification and others do not."""
    for outcome in outcomes:
        without = [c.id for c in outcome.criteria if not c.guidance]
        if without and len(without) < len(outcome.criteria):
            warnings.append(
                SpecWarning(
                    unit,
                    f"note: no amplification for {', '.join(without)} although the other "
                    f"criteria of outcome {outcome.id} have it",
                )
            )
