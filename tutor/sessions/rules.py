"""The session rules both faces step through: what a line typed in the answer box means now,
which of the session's actions apply now, and the order in which an assessment is closed.

The app and the plain chat each show these in their own way (keys and a footer, slash
commands and lines); neither decides them. The engine does the work; this module says when.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum, StrEnum

from tutor.scoring.result import Score
from tutor.sessions.engine import SessionEngine, TurnResult
from tutor.sessions.state import ASSESSMENT, PRACTICE
from tutor.store.db import StoreBusy

# --- a line typed in the answer box ---------------------------------------------------------


class Move(StrEnum):
    """What a line of text typed in the answer box is, given the moment it is typed."""

    ANSWER = "answer"  # a question waits: the text is its answer
    ANOTHER_TRY = "another_try"  # practice, after an answer: another try at the same question
    NEXT = "next"  # nothing typed after an answer: move on to the next question
    ANSWER_FIRST = "answer_first"  # nothing typed while a question waits: nothing happens
    NOT_AN_ANSWER = "not_an_answer"  # assessment, after an answer: refused, not recorded


def move_for(text: str, *, awaiting_answer: bool, mode: str) -> Move:
    """The meaning of `text` sent now. In an assessment, text after an answer is never taken
    as an answer: the assessor may have meant it as a question of their own."""
    blank = not text.strip()
    if awaiting_answer:
        return Move.ANSWER_FIRST if blank else Move.ANSWER
    if blank:
        return Move.NEXT
    return Move.ANOTHER_TRY if mode == PRACTICE else Move.NOT_AN_ANSWER


class Saved(Enum):
    """How much of a line the store took."""

    ALL = "all"
    NOTHING = "nothing"  # the database was busy: nothing of the answer stored; send it again
    ANSWER_ONLY = "answer_only"  # the answer is stored; only the feedback after it was refused


@dataclass(frozen=True)
class Reply:
    """What sending a line did: its move and, for an answer, what the engine made of it."""

    move: Move
    result: TurnResult | None = None
    saved: Saved = Saved.ALL


def send(engine: SessionEngine, text: str) -> Reply:
    """Carry out a line typed in the answer box, except moving on, which each face does by
    asking its next question. A busy database is reported in `saved`, never as an error, so
    each face can keep the text to send again: a retry turn already stored stays, and the
    answer sent again then goes to the question asked again."""
    move = move_for(text, awaiting_answer=engine.awaiting_answer, mode=engine.mode)
    if move not in (Move.ANSWER, Move.ANOTHER_TRY):
        return Reply(move)
    try:
        if move is Move.ANOTHER_TRY:
            engine.retry()
    except StoreBusy:
        return Reply(move, saved=Saved.NOTHING)
    try:
        return Reply(move, engine.submit_answer(text))
    except StoreBusy:
        # Still waiting: the answer itself was refused. Otherwise it is stored.
        return Reply(move, saved=Saved.NOTHING if engine.awaiting_answer else Saved.ANSWER_ONLY)


def ended_by(mode: str) -> str:
    """The reason recorded when a person ends a session before its plan is done."""
    return "ended by " + ("the assessor" if mode == ASSESSMENT else "the learner")


# --- the session's actions ------------------------------------------------------------------


class Action(StrEnum):
    HINT = "hint"
    MODEL_ANSWER = "model_answer"
    RETRY = "retry"
    FOLLOW_UP = "follow_up"
    ASK = "ask"
    NOTE = "note"
    OVERRIDE = "override"
    SKIP = "skip"
    NEXT = "next"
    PAUSE = "pause"
    END = "end"


class When(Enum):
    """When in a question's life an action applies."""

    ANY = "any"
    WAITING = "waiting"  # a question waits for its answer
    ANSWERED = "answered"  # the question just asked has been answered


@dataclass(frozen=True)
class ActionRule:
    action: Action
    summary: str  # what it does, for help in either face
    modes: frozenset[str] = frozenset({PRACTICE, ASSESSMENT})
    when: When = When.ANY
    while_paused: bool = False  # still offered while the session is paused

    @property
    def mode_note(self) -> str:
        """'(practice)' or '(assessment)' for an action one mode only offers."""
        return f" ({next(iter(self.modes))})" if len(self.modes) == 1 else ""


_PRACTICE = frozenset({PRACTICE})
_ASSESSMENT = frozenset({ASSESSMENT})

ACTIONS: tuple[ActionRule, ...] = (
    ActionRule(Action.HINT, "a hint", _PRACTICE, When.WAITING),
    ActionRule(Action.MODEL_ANSWER, "the model answer", _PRACTICE),
    ActionRule(Action.RETRY, "try the question again", _PRACTICE, When.ANSWERED),
    ActionRule(
        Action.FOLLOW_UP, "a follow-up on a point the last answer missed", when=When.ANSWERED
    ),
    ActionRule(Action.ASK, "the assessor's own question", _ASSESSMENT),
    ActionRule(Action.NOTE, "a note for the record", while_paused=True),
    ActionRule(Action.OVERRIDE, "judge the last answer instead of the machine", _ASSESSMENT),
    ActionRule(Action.SKIP, "move on without answering", when=When.WAITING),
    ActionRule(Action.NEXT, "the next question, once the answer is in", when=When.ANSWERED),
    ActionRule(Action.PAUSE, "pause the session (the clock stops)", while_paused=True),
    ActionRule(Action.END, "end the session now", while_paused=True),
)
RULES = {rule.action: rule for rule in ACTIONS}


class Offer(Enum):
    """Whether an action is offered now."""

    YES = "yes"
    NO = "no"  # does not apply now (mode, moment, nothing to offer, session ended)
    PAUSED = "paused"  # applies, but waits until the session is resumed


def offer(
    engine: SessionEngine, action: Action, *, paused: bool, ended: bool, time_up: bool
) -> Offer:
    """Whether `action` applies now: by mode, by the question's moment, by what there is to
    offer (a follow-up, a clock to stop), and not while paused unless it may be."""
    rule = RULES[action]
    if ended or engine.mode not in rule.modes:
        return Offer.NO
    waiting = engine.awaiting_answer
    if (rule.when is When.WAITING and not waiting) or (rule.when is When.ANSWERED and waiting):
        return Offer.NO
    if action is Action.NEXT and time_up:
        return Offer.NO  # no new question: the session closes instead
    if action is Action.FOLLOW_UP and engine.suggested_follow_up() is None:
        return Offer.NO
    if action is Action.PAUSE and engine.mode == PRACTICE and not paused and not engine.timers():
        return Offer.NO  # no clock to stop
    if paused and not rule.while_paused:
        return Offer.PAUSED
    return Offer.YES


# --- closing an assessment ------------------------------------------------------------------


@dataclass(frozen=True)
class ToDecide:
    """A criterion the assessor decides: the machine's judgement on all its answers."""

    criterion: str
    machine: Score | None
    answers: int

    def machine_line(self) -> str:
        """'machine, on all 2 answers: Partly met · 2 of 3 points' for the assessor."""
        if self.machine is None:
            return "no scored answer"
        on = f"{'all ' if self.answers > 1 else ''}{self.answers} answer" + (
            "s" if self.answers > 1 else ""
        )
        return f"machine, on {on}: {self.machine.summary}"


class AssessmentClose:
    """The end of an assessment, in one order for both faces: the learner's declaration (in
    their own turn), then per criterion any overrides of the machine's reading and the
    assessor's decision with its reason, feedback and next steps, the countersignature; what
    is left undecided is recorded as pending when the record closes.

    Each part is stored once: a face may call a step again after the engine refused it (a
    missing reason) and nothing already stored is written twice.
    """

    def __init__(self, engine: SessionEngine) -> None:
        self.engine = engine
        self.done: set[str] = set()

    def criteria(self) -> list[ToDecide]:
        engine = self.engine
        return [
            ToDecide(c, engine.record.criterion_result(c), len(engine.record.answers(c)))
            for c in engine.criteria_covered()
        ]

    def declare(self, name: str) -> None:
        """The learner confirms, by their name, that the answers are their own work."""
        if "declaration" not in self.done:
            self.engine.record.declare(name)
            self.done.add("declaration")

    def decide(
        self,
        criterion: str,
        decision: str,
        reason: str,
        overrides: Sequence[tuple[int, str]] = (),
    ) -> None:
        """Overrides first, each on one answer (turn seq, judgement) with the decision's
        reason, then the decision: each refuses a blank reason, so a missing one stops
        before anything of the criterion is stored."""
        if criterion in self.done:
            return
        for seq, judgement in overrides:
            if f"override {seq}" not in self.done:
                self.engine.record.override(seq, judgement, reason)
                self.done.add(f"override {seq}")
        self.engine.record.decide(criterion, decision, reason)
        self.done.add(criterion)

    def decided(self, criterion: str) -> bool:
        return criterion in self.done

    def give_feedback(self, feedback: str, next_steps: str) -> bool:
        """Store feedback and next steps, if either says anything; False when both are
        blank (the record then shows none given)."""
        if "feedback" in self.done or not (feedback.strip() or next_steps.strip()):
            return False
        self.engine.record.give_feedback(feedback, next_steps)
        self.done.add("feedback")
        return True

    def countersign(self, name: str) -> list[str]:
        """Close the decisions (see `close`), then countersign: nothing is added to a
        countersigned record. Returns the criteria recorded as pending."""
        left = self.close()
        if "countersignature" not in self.done:
            self.engine.record.countersign(name)
            self.done.add("countersignature")
        return left

    @property
    def countersigned(self) -> bool:
        return "countersignature" in self.done

    def close(self) -> list[str]:
        """Record every criterion with no decision as pending; returns those criteria (none
        once the record is countersigned: they were closed before it)."""
        if "countersignature" in self.done:
            return []
        return self.engine.record.close_pending()
