"""What a record names from the bank: unit titles, criterion wording and the qualification.

Taken once, when a session starts, and sealed with it, so a record shows the words the
session was held under (a later edit of the bank changes no record) and an exported record
can be rebuilt, and so verified, without the bank.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tutor.banks.model import Bank
from tutor.banks.refs import CriterionRef
from tutor.errors import TutorError


def qualification_named(
    given: str | None, bank: Bank | None
) -> tuple[str | None, str | None, str | None]:
    """(number, title, awarding body) of the qualification a session names, if any."""
    if not given:
        return None, None, None
    wanted = given.strip().casefold()
    for qualification in bank.qualifications if bank else ():
        if wanted in (qualification.number.casefold(), qualification.title.casefold()):
            return qualification.number or None, qualification.title, qualification.awarding_body
    # Not in the bank: keep what was typed, as a number if it looks like one (601/3973/0).
    looks_like_number = any(ch.isdigit() for ch in given) and "/" in given
    return (given, None, None) if looks_like_number else (None, given, None)


def criterion_words(ref: str, bank: Bank | None) -> tuple[str, str]:
    """(text, command verb) of a criterion, or blanks where the bank does not have it."""
    if bank is None:
        return "", ""
    try:
        parsed = CriterionRef.parse(ref)
    except TutorError:  # a reference the parser rejects is simply not named
        return "", ""
    unit = bank.unit(parsed.unit)
    found = unit.criterion(parsed.criterion) if unit else None
    return (found.text, found.verb) if found else ("", "")


def record_names(
    bank: Bank, criteria: Sequence[str], qualification: str | None
) -> dict[str, Any]:
    """The names a session's record shows, as plain JSON-ready data."""
    units = dict.fromkeys(c.split(" ", 1)[0] for c in criteria)
    return {
        "units": {ref: (found.title if (found := bank.unit(ref)) else "") for ref in units},
        "criteria": {ref: list(criterion_words(ref, bank)) for ref in criteria},
        "qualification": list(qualification_named(qualification, bank)),
    }
