"""Outcomes and criteria while a parser reads their wrapped lines (NCFE and ProQual)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tutor.banks.importers import SpecWarning


@dataclass
class CriterionDraft:
    """A criterion as read so far: its printed number, text and any sub-bullets."""

    id: str
    text: str
    items: list[str] = field(default_factory=list)

    @property
    def full_text(self) -> str:
        """The criterion with any sub-bullets ("employers", "employees") after its lead-in."""
        return f"{self.text} {'; '.join(self.items)}" if self.items else self.text


@dataclass
class OutcomeDraft:
    """An outcome as read so far: its printed number, text and criteria."""

    id: str
    text: str
    criteria: list[CriterionDraft] = field(default_factory=list)


def add_criterion(
    ref: str, outcomes: list[OutcomeDraft], cid: str, text: str, warnings: list[SpecWarning]
) -> None:
    """A numbered criterion under the last outcome; before any outcome, it opens one of its
    own number, with a warning."""
    if not outcomes:
        warnings.append(SpecWarning(ref, f"criterion {cid} before any learning outcome"))
        outcomes.append(OutcomeDraft(cid.split(".")[0], ""))
    outcomes[-1].criteria.append(CriterionDraft(cid, text))
