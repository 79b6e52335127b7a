"""A session's state, rebuilt from its turns alone.

`replay` folds a session's stored turns into a `SessionState`; `apply` adds one turn. The
engine keeps nothing else between calls, so a session resumed after a crash is exactly the
session that was running: what was asked, what waits, what was answered, which timer
warnings were given, whether it is paused or ended.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tutor.errors import TutorError
from tutor.scoring.result import Score
from tutor.store.model import Turn, TurnKind
from tutor.timestamps import parse_iso

PRACTICE = "practice"
ASSESSMENT = "assessment"
MODES = (PRACTICE, ASSESSMENT)
# Turns after which the learner is expected to answer.
ASKING = (TurnKind.QUESTION, TurnKind.RETRY, TurnKind.FOLLOW_UP, TurnKind.ASSESSOR_QUESTION)


class SessionError(TutorError):
    """Something a session cannot do now (no question waiting, session ended …)."""


class ModeError(SessionError):
    """An action the session's mode does not allow (a hint in an assessment …)."""


@dataclass
class SessionState:
    """Where a session stands, as its turns so far say."""

    session_id: int
    mode: str
    learner: str
    assessor: str | None
    plan: list[tuple[str, str]]  # (criterion, question hash), in asking order
    position: int = 0  # how many plan items have been asked
    awaiting: bool = False  # a question waits for an answer
    status: str = "active"
    time_limit: float | None = None
    question_time_limit: float | None = None
    events: list[tuple[str, datetime]] = field(default_factory=list)
    question_index: int = 0  # index in events where the current plan item was asked
    last_result: Score | None = None  # of the latest answer, on all answers so far
    last_answer_seq: int | None = None
    followed_up: set[str] = field(default_factory=set)  # asked on the current question
    warned: set[str] = field(default_factory=set)
    answers: dict[int, Score] = field(default_factory=dict)  # scored, to the current question
    last_seq: int = 0
    # While the clock reads earlier than the turns (see `clock`): its reading when that was
    # recorded as an anomaly.
    clock_behind: datetime | None = None

    @property
    def ended(self) -> bool:
        return self.status == "ended"

    @property
    def last_at(self) -> datetime | None:
        """The time of the latest turn: no later turn is stored before it."""
        return self.events[-1][1] if self.events else None

    @property
    def actor(self) -> str:
        """Who acts for the session: the assessor in an assessment, else the learner."""
        return "assessor" if self.mode == ASSESSMENT else "learner"

    def covered(self) -> list[str]:
        """Criteria asked so far, in plan order."""
        return list(dict.fromkeys(c for c, _ in self.plan[: self.position]))


def replay(session: Mapping[str, Any], turns: Iterable[Turn]) -> SessionState:
    """The state of `session` (its stored row) after `turns`, in order."""
    state = SessionState(
        session_id=session["id"],
        mode=session["mode"],
        learner=session["learner"],
        assessor=session["assessor"],
        plan=[(c, h) for c, h in session["question_plan"]],
        time_limit=session["time_limit_seconds"],
        question_time_limit=session["question_time_limit_seconds"],
    )
    for turn in turns:
        apply(state, turn)
    return state


def apply(state: SessionState, turn: Turn) -> None:
    """Move `state` on by one turn."""
    at = parse_iso(turn.at)
    if turn.kind == TurnKind.ANOMALY:
        state.clock_behind = _clock_reading(turn)
    elif state.last_at is not None and at > state.last_at:
        state.clock_behind = None  # the clock has caught up
    state.events.append((turn.kind, at))
    state.last_seq = turn.seq
    if turn.kind == TurnKind.QUESTION:
        state.position += 1
        state.question_index = len(state.events) - 1
        state.followed_up = set()
        state.last_result = None
        state.answers = {}
        state.warned = {w for w in state.warned if not w.startswith("question")}
    if turn.kind == TurnKind.FOLLOW_UP:
        state.followed_up.add(turn.text)
    if turn.kind == TurnKind.RETRY:
        state.last_result = None  # the question starts again: no follow-up until answered
    if turn.kind in ASKING:
        state.awaiting = True
    elif turn.kind in (TurnKind.ANSWER, TurnKind.SKIP):
        state.awaiting = False
        if turn.kind == TurnKind.ANSWER:
            state.last_result = turn.result
            state.last_answer_seq = turn.seq
            if turn.score:
                state.answers[turn.seq] = turn.score
    elif turn.kind == TurnKind.TIMER and turn.timing:
        state.warned.add(turn.timing.key)
    elif turn.kind == TurnKind.PAUSE:
        state.status = "paused"
    elif turn.kind == TurnKind.RESUME:
        state.status = "active"
    elif turn.kind == TurnKind.END:
        state.status = "ended"
        state.awaiting = False


def _clock_reading(turn: Turn) -> datetime | None:
    """What the clock read when an anomaly turn was recorded (None if that is not stored)."""
    reading = (turn.stored_timing or {}).get("clock")
    try:
        return parse_iso(reading) if isinstance(reading, str) else None
    except ValueError:
        return None
