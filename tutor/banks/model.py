"""The question-bank model: qualifications, units, outcomes, criteria, questions, rubrics.

Plain frozen dataclasses. Units are held once by reference number; a qualification lists the
units it uses, in its groups. Loading, saving and validation live in `files` and `validate`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import Any

from tutor.digest import content_digest


class OutcomeKind(StrEnum):
    KNOWLEDGE = "knowledge"
    COMPETENCE = "competence"


@dataclass(frozen=True)
class RubricPoint:
    """One concept an answer should make, with the phrasings that count as making it."""

    text: str
    alternatives: tuple[str, ...] = ()
    weight: float = 1.0
    required: bool = False

    @property
    def phrasings(self) -> tuple[str, ...]:
        """The point's own text first, then its alternatives."""
        return (self.text, *self.alternatives)


@dataclass(frozen=True)
class Rubric:
    """The points an answer is scored against.

    `needed` is how many points meet the criterion (None: the command verb decides).
    `open_list` marks a specification "e.g." list: any `needed` of the points will do.
    """

    points: tuple[RubricPoint, ...] = ()
    needed: int | None = None
    open_list: bool = False


class ResponseKind(StrEnum):
    """What a marked test response was written to be (see question_banks/README.md)."""

    COMPETENT = "competent"
    PARTIAL = "partial"
    WRONG = "wrong"  # plausible, but wrong
    NEGATED = "negated"
    THIN = "thin"


# The judgement a response expects, as a bank file spells it -> as the scorer's `Judgement`
# does (the bank sits below scoring and does not import it; a test pins the two together).
EXPECTED: Mapping[str, str] = {
    "met": "met",
    "partly met": "partly_met",
    "not yet met": "not_yet_met",
}


@dataclass(frozen=True)
class Response:
    """A marked test response: an answer written blind, and the judgement it should get.

    Test data for authors, scored by `tutor bank check`: never shown to a learner, and no
    part of the question's content (records cite that by hash).
    """

    expect: str  # a value of `EXPECTED`: met, partly_met or not_yet_met
    kind: ResponseKind
    text: str
    voice: str = ""


@dataclass(frozen=True)
class Question:
    """A question an assessor would ask for one criterion, with its rubric and support."""

    id: str
    text: str
    rubric: Rubric = field(default_factory=Rubric)
    model_answer: str = ""
    hint: str = ""
    follow_ups: tuple[str, ...] = ()
    # Criteria of the same unit whose specification content this one wholly shares (the
    # amplification lists the same items), so a sound answer to them may meet this too.
    overlaps: tuple[str, ...] = ()
    # Marked test responses: the bank's own test data, outside the question's content.
    responses: tuple[Response, ...] = ()
    # Asked only in assessments: never shown, hinted or modelled in practice, so that a
    # learner cannot rehearse the answer an assessor will ask for.
    assessment_only: bool = False

    def content(self) -> dict[str, Any]:
        """Everything that affects asking and scoring this question, as plain data (its
        marked responses affect neither; which sessions may ask it is the bank's choice,
        and a record of a session that asked it stays true if that changes)."""
        content = asdict(replace(self, responses=()))
        del content["responses"]
        del content["assessment_only"]
        return content

    @property
    def content_hash(self) -> str:
        """A stable hash of everything that affects asking and scoring this question.

        Transcripts cite it so a record always names the exact version used.
        """
        return content_digest(self.content())


@dataclass(frozen=True)
class Criterion:
    """An assessment criterion (AC) of a learning outcome."""

    id: str
    text: str
    verb: str = ""
    emphasised: tuple[str, ...] = ()
    guidance: tuple[str, ...] = ()
    target: bool = False
    questions: tuple[Question, ...] = ()


def _spec_part(criterion: Criterion) -> list[object]:
    return [criterion.id.strip(), criterion.text.strip(), [g.strip() for g in criterion.guidance]]


@dataclass(frozen=True)
class Outcome:
    """A learning outcome (LO) of a unit."""

    id: str
    text: str
    kind: OutcomeKind = OutcomeKind.COMPETENCE
    criteria: tuple[Criterion, ...] = ()


@dataclass(frozen=True)
class Unit:
    """A unit, held once by its reference number (e.g. J/506/2132) across all sources.

    `aliases` holds other awarding bodies' own references for the same unit (GQA's
    H/618/0196 …); `sources` names the specifications it was read from.
    """

    ref: str
    title: str
    level: int | None = None
    credit: int | None = None
    glh: int | None = None
    aliases: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    outcomes: tuple[Outcome, ...] = ()

    def criterion(self, criterion_id: str) -> Criterion | None:
        for outcome in self.outcomes:
            for criterion in outcome.criteria:
                if criterion.id == criterion_id:
                    return criterion
        return None

    def criteria(self) -> list[tuple[Outcome, Criterion]]:
        return [(o, c) for o in self.outcomes for c in o.criteria]

    @property
    def specification_digest(self) -> str:
        """A sha256 over the unit's specification part (reference, title, outcomes, criteria
        and their guidance): what `tutor import` writes, never the hand-written questions.

        The unit file carries it, so a file that lost criteria or whose wording changed since
        the import is found out when it is read.
        """
        canonical = [
            self.ref.strip().upper(),
            self.title.strip(),
            [
                [o.id.strip(), o.text.strip(), o.kind.value, [_spec_part(c) for c in o.criteria]]
                for o in self.outcomes
            ],
        ]
        text = json.dumps(canonical, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class UnitGroup:
    """A group of units in a qualification's rules of combination."""

    name: str
    mandatory: bool = False
    min_credits: int | None = None
    units: tuple[str, ...] = ()
    max_credits: int | None = None


@dataclass(frozen=True)
class Qualification:
    """A qualification and its rules of combination. `number` is "" where the specification
    prints none; `note` then says so, and what else the source does not give."""

    number: str
    title: str
    awarding_body: str
    level: int | None = None
    min_credits: int | None = None
    groups: tuple[UnitGroup, ...] = ()
    note: str = ""

    @property
    def key(self) -> str:
        """How the bank tells it apart: its number, else its title."""
        return self.number or self.title

    @property
    def unit_refs(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for group in self.groups:
            for ref in group.units:
                seen.setdefault(ref, None)
        return tuple(seen)


@dataclass(frozen=True)
class Bank:
    """Every unit (by reference, aliases resolved) and qualification that was loaded."""

    units: dict[str, Unit] = field(default_factory=dict)
    qualifications: tuple[Qualification, ...] = ()
    # where each unit ref / qualification number was read from, for error messages
    files: dict[str, str] = field(default_factory=dict, compare=False)

    def unit(self, ref: str) -> Unit | None:
        """The unit with this reference or alias (case- and space-insensitive)."""
        wanted = ref.strip().upper()
        if wanted in self.units:
            return self.units[wanted]
        for unit in self.units.values():
            if wanted in unit.aliases:
                return unit
        return None
