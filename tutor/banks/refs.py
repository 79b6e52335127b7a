"""Unit references (J/506/2132) and criterion references ("J/506/2132 1.1").

One home for parsing, validating and formatting both, so a criterion is written the same
way everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tutor.errors import TutorError

CHECK_LETTERS = "ADFHJKLMRTY"
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2)
UNIT_REF_RE = re.compile(r"\b([A-Z])\s*/\s*(\d{3})\s*/\s*(\d{4})\b")


class BadReference(TutorError):
    """A unit or criterion reference that cannot be read."""


def check_letter(digits: str) -> str:
    """The check letter for a reference's seven digits (weights 8..2, sum mod 11)."""
    if len(digits) != 7 or not digits.isdigit():
        raise BadReference(f"a unit reference has seven digits, not {digits!r}")
    total = sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=True))
    return CHECK_LETTERS[total % 11]


def normalise_unit_ref(text: str) -> str:
    """'j/506/2132 ' -> 'J/506/2132'; raises BadReference if it is not a reference."""
    match = UNIT_REF_RE.fullmatch(text.strip().upper())
    if not match:
        raise BadReference(f"{text!r} is not a unit reference like J/506/2132")
    letter, a, b = match.groups()
    return f"{letter}/{a}/{b}"


def unit_file_name(ref: str) -> str:
    """'J/506/2132' -> 'J-506-2132.yaml': the name of the unit's bank file."""
    return ref.replace("/", "-") + ".yaml"


def unit_ref_of_file(name: str) -> str | None:
    """'J-506-2132.yaml' -> 'J/506/2132'; None for a name that is no unit file's."""
    match = re.fullmatch(r"([A-Za-z])-(\d{3})-(\d{4})\.yaml", name)
    return "/".join(match.groups()).upper() if match else None


def expected_letter(ref: str) -> str:
    """The check letter the reference's digits call for."""
    ref = normalise_unit_ref(ref)
    return check_letter(ref[2:5] + ref[6:10])


def has_valid_check_letter(ref: str) -> bool:
    ref = normalise_unit_ref(ref)
    return ref[0] == expected_letter(ref)


@dataclass(frozen=True, order=True)
class CriterionRef:
    """A criterion of a unit, written "J/506/2132 1.1"."""

    unit: str
    criterion: str

    def __str__(self) -> str:
        return f"{self.unit} {self.criterion}"

    @classmethod
    def parse(cls, text: str) -> CriterionRef:
        parts = text.replace(",", " ").split()
        if len(parts) != 2:
            raise BadReference(
                f"{text!r} is not a criterion reference: write the unit and the criterion, "
                'e.g. "J/506/2132 1.1"'
            )
        criterion = parts[1].rstrip(".")
        if not re.fullmatch(r"\d+\.\d+[a-z]?", criterion):
            raise BadReference(
                f"{parts[1]!r} is not a criterion number: use the form 1.1 (in {text!r})"
            )
        return cls(normalise_unit_ref(parts[0]), criterion)
