"""What scoring an answer returns: per-point results with evidence, and a judgement."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Judgement(StrEnum):
    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_YET_MET = "not_yet_met"


@dataclass(frozen=True)
class Evidence:
    """Words of the answer that matched a point: offsets into the original answer text."""

    start: int
    end: int
    text: str
    similarity: float  # 0-100

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "similarity": round(self.similarity, 1),
        }


@dataclass(frozen=True)
class PointResult:
    """How one rubric point fared: matched or not, by which phrasing, on which words."""

    text: str
    matched: bool
    alternative: str | None
    similarity: float  # 0-100: how close the best phrasing came
    evidence: tuple[Evidence, ...]
    negated: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "matched": self.matched,
            "alternative": self.alternative,
            "similarity": round(self.similarity, 1),
            "negated": self.negated,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True)
class Score:
    """The machine's reading of one answer against one rubric: decision support only."""

    score: float  # 0..1
    judgement: Judgement
    points: tuple[PointResult, ...]
    missed: tuple[str, ...]
    feedback: str
    reasons_given: bool
    parroted: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, with the keys DESIGN.md fixes for `tutor score --json`."""
        return {
            "score": round(self.score, 4),
            "judgement": self.judgement.value,
            "points": [p.to_dict() for p in self.points],
            "missed": list(self.missed),
            "feedback": self.feedback,
            "reasons_given": self.reasons_given,
            "parroted": self.parroted,
        }
