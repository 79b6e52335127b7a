"""What the store reads and writes, typed: turns, timer marks, the assessor's records, reviews.

A turn keeps beside its typed fields the score and timing exactly as stored, because the
hash chain covers what was stored (see `tutor.store.integrity`); `to_dict()` gives that
stored form, the one an exported record's transcript holds and verifies against.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any, Self

from tutor.scoring.result import Decision, Judgement, Score


class TurnKind(StrEnum):
    """What happened at one turn of a session (the values are what the store keeps)."""

    START = "start"
    RESUME = "resume"
    PAUSE = "pause"
    END = "end"
    QUESTION = "question"
    ANSWER = "answer"
    FEEDBACK = "feedback"
    SKIP = "skip"
    RETRY = "retry"
    HINT = "hint"
    MODEL_ANSWER = "model_answer"
    FOLLOW_UP = "follow_up"
    ASSESSOR_QUESTION = "assessor_question"
    NOTE = "note"
    TIMER = "timer"
    DECISION = "decision"
    OVERRIDE = "override"
    DECLARATION = "declaration"
    SIGNATURE = "signature"
    ANOMALY = "anomaly"


# The kinds whose text is a record's fields as JSON (a row of decisions, score_overrides or
# declarations vouched for by the turn).
RECORD_KINDS = frozenset({TurnKind.DECISION, TurnKind.OVERRIDE, TurnKind.DECLARATION})


@dataclass(frozen=True)
class TimerMark:
    """A timer turn's data: which warning (`"session:last_minute"`, `"question:over"` …, or
    `"late"` for an answer given after the time and its leeway) and the seconds then left."""

    key: str
    remaining: float | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"key": self.key}
        if self.remaining is not None:
            out["remaining"] = self.remaining
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TimerMark:
        remaining = data.get("remaining")
        return cls(str(data.get("key")), float(remaining) if remaining is not None else None)


@dataclass(frozen=True, kw_only=True)
class ClockAnomaly(TimerMark):
    """An anomaly turn's data: the clock read `clock`, `seconds` before the session's last
    turn time `held_at`, at which this turn and the ones after it are stored until the clock
    catches up. A `TimerMark` so that it is kept in the turn's `timing`, like a timer's."""

    key: str = "clock_back"
    clock: str
    held_at: str
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "clock": self.clock,
            "held_at": self.held_at,
            "seconds": self.seconds,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ClockAnomaly:
        return cls(
            clock=str(data["clock"]), held_at=str(data["held_at"]), seconds=float(data["seconds"])
        )


@dataclass(frozen=True)
class Turn:
    """One time-stamped event of a session, as stored.

    `score` is an answer's own machine score; `overall` the criterion's result on every
    answer to its question up to this one (None for answers stored before results were
    combined); `timing` a timer turn's mark.
    """

    session_id: int
    seq: int
    at: str
    kind: TurnKind
    actor: str
    criterion: str | None
    question_hash: str | None
    text: str
    score: Score | None
    prev_hash: str
    hash: str
    overall: Score | None = None
    timing: TimerMark | None = None
    # The score and timing JSON as stored and hashed.
    stored_score: dict[str, Any] | None = field(default=None, repr=False, compare=False)
    stored_timing: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    @property
    def result(self) -> Score | None:
        """The criterion's result stored with an answer: on every answer to the question up
        to it (for answers stored before results were combined, the answer's own)."""
        return self.overall or self.score

    @property
    def readable(self) -> str:
        """The text as a person reads it (a decision in words, not JSON)."""
        return readable_text(self.kind, self.text)

    def to_dict(self) -> dict[str, Any]:
        """The turn as stored: every field its hash covers, and the hashes."""
        out = {
            "session_id": self.session_id,
            "seq": self.seq,
            "at": self.at,
            "kind": str(self.kind),
            "actor": self.actor,
            "criterion": self.criterion,
            "question_hash": self.question_hash,
            "text": self.text,
            "score": self.stored_score,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }
        if self.stored_timing is not None:
            out["timing"] = self.stored_timing
        return out


def readable_text(kind: str, text: str) -> str:
    """A turn's text in words: a decision, override or declaration (stored as JSON) as one
    line, e.g. "Decision on J/506/2132 1.1: met — gave three examples"; any other as is."""
    if kind not in RECORD_KINDS:
        return text
    try:
        record = json.loads(text)
    except ValueError:
        return text
    if not isinstance(record, dict):
        return text

    def words(name: str) -> str:
        return str(record.get(name)).replace("_", " ")

    if kind == TurnKind.DECISION:
        return (
            f"Decision on {record.get('criterion')}: {words('decision')} — {record.get('reason')}"
        )
    if kind == TurnKind.OVERRIDE:
        return (
            f"Override of answer {record.get('answer_seq')}: {words('judgement')} — "
            f"{record.get('reason')}"
        )
    return f"{str(record.get('kind', '')).capitalize()} signed by {record.get('name')}"


@dataclass(frozen=True)
class DecisionRecord:
    """An assessor's decision on a criterion, as its turn vouches for it."""

    criterion: str
    decision: Decision
    reason: str
    overrides_machine: bool
    decided_by: str | None
    decided_at: str


@dataclass(frozen=True)
class OverrideRecord:
    """An assessor's judgement of one answer (turn `answer_seq`) in place of the machine's."""

    answer_seq: int
    criterion: str | None
    judgement: Judgement
    reason: str
    decided_by: str | None
    decided_at: str


@dataclass(frozen=True)
class DeclarationRecord:
    """A signed statement: the learner's authenticity declaration or the countersignature."""

    kind: str  # authenticity | countersign
    name: str
    statement: str
    at: str


@dataclass(frozen=True)
class StoredDecision(DecisionRecord):
    """A decision as stored: recorded at turn `turn_seq`, with the machine's result on the
    criterion's answers kept beside it."""

    turn_seq: int = 0
    machine: Score | None = None

    @classmethod
    def of(cls, fields: Mapping[str, Any], *, turn_seq: int, machine: Score | None) -> Self:
        """From a decision's fields (a database row, or its turn's JSON)."""
        return cls(
            criterion=fields["criterion"],
            decision=Decision(fields["decision"]),
            reason=fields["reason"],
            overrides_machine=bool(fields["overrides_machine"]),
            decided_by=fields["decided_by"],
            decided_at=fields["decided_at"],
            turn_seq=turn_seq,
            machine=machine,
        )

    def to_dict(self) -> dict[str, Any]:
        """As `tutor transcripts show --json` gives it (the database row's columns)."""
        return _row(self, machine_score=self.machine.to_dict() if self.machine else None)


@dataclass(frozen=True)
class StoredOverride(OverrideRecord):
    """An override as stored, with the machine's score of the answer it replaces."""

    turn_seq: int = 0
    machine: Score | None = None

    @classmethod
    def of(cls, fields: Mapping[str, Any], *, turn_seq: int, machine: Score | None) -> Self:
        """From an override's fields (a database row, or its turn's JSON)."""
        return cls(
            answer_seq=fields["answer_seq"],
            criterion=fields["criterion"],
            judgement=Judgement(fields["judgement"]),
            reason=fields["reason"],
            decided_by=fields["decided_by"],
            decided_at=fields["decided_at"],
            turn_seq=turn_seq,
            machine=machine,
        )


@dataclass(frozen=True)
class StoredDeclaration(DeclarationRecord):
    """A declaration as stored, made at turn `turn_seq`."""

    turn_seq: int = 0

    @classmethod
    def of(cls, fields: Mapping[str, Any], *, turn_seq: int) -> Self:
        """From a declaration's fields (a database row, or its turn's JSON)."""
        return cls(
            kind=fields["kind"],
            name=fields["name"],
            statement=fields["statement"],
            at=fields["at"],
            turn_seq=turn_seq,
        )


def _row(record: Any, **extra: Any) -> dict[str, Any]:
    out = {f.name: getattr(record, f.name) for f in fields(record) if f.name != "machine"}
    return {**out, **extra}


@dataclass(frozen=True)
class StoredReview:
    """One review of a criterion, as stored."""

    criterion: str
    session_id: int
    turn_seq: int
    at: str
    rating: int
    score: float | None
    seconds: float | None


@dataclass(frozen=True)
class StoredCard:
    """A criterion's FSRS card as stored (its `to_dict()`), with the number of reviews it
    reflects. A plain dict here: the store knows nothing of the scheduler."""

    criterion: str
    card: dict[str, Any]
    due: str
    reviews: int
