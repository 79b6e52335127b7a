"""What scoring an answer returns: per-point results with evidence, and a judgement; the
assessor's decisions beside it, and the one table of words for both.

A leaf: it imports nothing of the tutor, so the store can return typed scores without
loading the scorer or the banks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Judgement(StrEnum):
    """The machine's reading of an answer, or an assessor's override of it."""

    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_YET_MET = "not_yet_met"


class Decision(StrEnum):
    """An assessor's decision on a criterion; `PENDING` when none was made before the
    session closed."""

    MET = "met"
    NOT_YET_MET = "not_yet_met"
    INSUFFICIENT_EVIDENCE = "insufficient_evidence"
    PENDING = "pending"


# The words for the machine's judgements and the assessor's decisions (which share "met" and
# "not yet met"): every face and every record takes them from here, in sentence case.
LABELS: Mapping[str, str] = {
    Judgement.MET: "Met",
    Judgement.PARTLY_MET: "Partly met",
    Judgement.NOT_YET_MET: "Not yet met",
    Decision.INSUFFICIENT_EVIDENCE: "Insufficient evidence",
    Decision.PENDING: "Pending",
}


def label(value: str | None) -> str:
    """'partly_met' -> 'Partly met'; a value the table does not know, with its underscores
    spaced; None -> ''."""
    if not value:
        return ""
    return LABELS.get(value, value.replace("_", " "))


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
    required: bool = False
    # In a result over several answers (`judgement.combine`): the answer that made the point,
    # whose text the evidence offsets refer to. None in the result of one answer.
    answer: int | None = None
    # Made on a specific phrase, not a lone common word ("manager", "email"): only such a
    # point (or a required one) shows enough to be partly met.
    specific: bool = True

    def to_dict(self) -> dict[str, Any]:
        out = {
            "text": self.text,
            "matched": self.matched,
            "alternative": self.alternative,
            "similarity": round(self.similarity, 1),
            "negated": self.negated,
            "required": self.required,
            "evidence": [e.to_dict() for e in self.evidence],
        }
        if self.answer is not None:
            out["answer"] = self.answer
        if self.matched:
            out["specific"] = self.specific
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PointResult:
        """A point as `to_dict` stored it (keys added later default)."""
        return cls(
            text=str(data.get("text", "")),
            matched=bool(data.get("matched")),
            alternative=data.get("alternative"),
            similarity=float(data.get("similarity", 0.0) or 0.0),
            evidence=tuple(
                Evidence(
                    int(e.get("start", 0)),
                    int(e.get("end", 0)),
                    str(e.get("text", "")),
                    float(e.get("similarity", 0.0) or 0.0),
                )
                for e in data.get("evidence", ())
            ),
            negated=bool(data.get("negated", False)),
            specific=bool(data.get("specific", True)),
            required=bool(data.get("required", False)),
            answer=data.get("answer"),
        )


@dataclass(frozen=True)
class Score:
    """The machine's reading of one answer (or of all the answers to one question, see
    `judgement.combine`) against one rubric: decision support only.

    `score` orders answers (calibration, the weakest criteria first); what is shown is the
    judgement with the points covered of the points needed (`summary`), which never
    contradicts it.
    """

    score: float  # 0..1
    judgement: Judgement
    points: tuple[PointResult, ...]
    missed: tuple[str, ...]
    feedback: str
    reasons_given: bool
    parroted: bool
    needed: int | None = None  # points that meet the criterion (None: every point)
    keyword_list: bool = False
    reasons_needed: bool = False
    truncated: bool = False
    judgement_needed: bool = False  # the verb asks to weigh up (Evaluate, Assess, Analyse …)
    judgement_given: bool = False
    list_allowed: bool = True  # a bare list can meet the criterion (Identify, List, State …)

    @property
    def points_needed(self) -> int:
        """How many points meet the criterion: the rubric's (or verb's) count, and at least
        every required point."""
        needed = self.needed if self.needed is not None else len(self.points)
        return max(needed, sum(1 for p in self.points if p.required))

    @property
    def points_covered(self) -> int:
        """Points made, at most `points_needed`; none for an answer that only repeats the
        question."""
        if self.parroted or self.judgement is Judgement.NOT_YET_MET:
            return 0
        return min(sum(1 for p in self.points if p.matched), self.points_needed)

    @property
    def explained(self) -> bool:
        """Reasons given in sentences, where the criterion's verb asks for them."""
        return not self.reasons_needed or (self.reasons_given and not self.keyword_list)

    @property
    def shaped(self) -> bool:
        """Written in sentences where a bare list will not do."""
        return self.list_allowed or not self.keyword_list

    @property
    def weighed(self) -> bool:
        """Weighed up, where the verb asks for a judgement."""
        return not self.judgement_needed or (self.judgement_given and not self.keyword_list)

    @property
    def tally(self) -> str:
        """'2 of 3 points'; when that many are covered but the criterion is not met, what is
        missing as well ('3 of 3 points, a required point missing')."""
        needed = self.points_needed
        text = f"{self.points_covered} of {needed} point{'' if needed == 1 else 's'}"
        if self.judgement is Judgement.MET or self.points_covered < needed:
            return text
        if any(p.required and not p.matched for p in self.points):
            return text + ", a required point missing"
        if not self.shaped:
            return text + ", sentences missing"
        if not self.explained:
            return text + ", reasons missing"
        if not self.weighed:
            return text + ", a judgement missing"
        return text

    @property
    def summary(self) -> str:
        """'Partly met · 2 of 3 points': the one line shown wherever the machine's reading
        is."""
        return f"{label(self.judgement)} · {self.tally}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, with the keys DESIGN.md fixes for `tutor score --json`."""
        return {
            "score": round(self.score, 4),
            "judgement": self.judgement.value,
            "points_covered": self.points_covered,
            "points_needed": self.points_needed,
            "points": [p.to_dict() for p in self.points],
            "missed": list(self.missed),
            "feedback": self.feedback,
            "reasons_given": self.reasons_given,
            "reasons_needed": self.reasons_needed,
            "keyword_list": self.keyword_list,
            "parroted": self.parroted,
            "truncated": self.truncated,
            "judgement_needed": self.judgement_needed,
            "judgement_given": self.judgement_given,
            "list_allowed": self.list_allowed,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Score:
        """A score as `to_dict` stored it. Scores stored before a key existed get its
        default; `points_needed` stands in for the rubric's count."""
        needed = data.get("points_needed")
        return cls(
            score=float(data.get("score", 0.0) or 0.0),
            judgement=Judgement(data.get("judgement", Judgement.NOT_YET_MET)),
            points=tuple(PointResult.from_dict(p) for p in data.get("points", ())),
            missed=tuple(str(m) for m in data.get("missed", ())),
            feedback=str(data.get("feedback", "")),
            reasons_given=bool(data.get("reasons_given", False)),
            parroted=bool(data.get("parroted", False)),
            needed=int(needed) if needed is not None else None,
            keyword_list=bool(data.get("keyword_list", False)),
            reasons_needed=bool(data.get("reasons_needed", False)),
            truncated=bool(data.get("truncated", False)),
            judgement_needed=bool(data.get("judgement_needed", False)),
            judgement_given=bool(data.get("judgement_given", False)),
            list_allowed=bool(data.get("list_allowed", True)),
        )
