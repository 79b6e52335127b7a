"""Specification importers: one parser per awarding body's layout, one document type out.

Each parser module exposes `looks_like(text) -> bool` and `parse(text, source) -> SpecDocument`.
Parsers report the source's own errors as warnings and never guess silently.

The path of a file: `detect` picks its parser; the parser reads its layout (`drafts` for
wrapped lines) and ends every unit with `finish.finish_unit`; `merge` holds each unit once
across sources; `write` writes the bank files; `report` gives the `tutor import --json` shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tutor.banks.model import Qualification, Unit


@dataclass(frozen=True)
class SpecWarning:
    """A problem found in a specification: which unit (or "" for the document) and what."""

    unit: str
    message: str

    def __str__(self) -> str:
        return f"{self.unit}: {self.message}" if self.unit else self.message


@dataclass(frozen=True)
class SourcedWarning(SpecWarning):
    """A warning with the specification file (its name) it concerns, "" if several."""

    source: str = ""


@dataclass
class SpecDocument:
    """What one specification file holds: its qualification (if it names one) and units.

    A file that specifies several qualifications (Pearson's Award and Certificate) lists them
    all in `qualifications`; `qualification` is then the first of them. `text` is the file's
    text, for errata that look for words the parser could not place.
    """

    source: str
    awarding_body: str
    qualification: Qualification | None = None
    units: list[Unit] = field(default_factory=list)
    warnings: list[SpecWarning] = field(default_factory=list)
    qualifications: list[Qualification] = field(default_factory=list)
    text: str = field(default="", repr=False, compare=False)


def qualifications_of(document: SpecDocument) -> list[Qualification]:
    """Every qualification a document specifies (Pearson's Award and Certificate: two)."""
    if document.qualifications:
        return list(document.qualifications)
    return [document.qualification] if document.qualification is not None else []
