"""Timer arithmetic for assessments: pure functions of limits, time-stamps and now.

A limit has 10% leeway to finish an answer in progress. Warnings fall at one minute left
(for limits over a minute) and when the limit itself is reached (leeway begins). Time spent
paused does not count. The gap before a session was resumed after an interruption (no
pause written: the program was stopped) counts in an assessment, whose clock runs as the
assessor's would, so stopping the program never gives time back; practice waits for the
learner, so there it does not count.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from itertools import pairwise

from tutor.errors import TutorError

LEEWAY_FRACTION = 0.10
WARNING_SECONDS = 60.0
# The shortest and longest time limit a session or a question may have: a second, a day.
MIN_LIMIT_SECONDS = 1.0
MAX_LIMIT_SECONDS = 24 * 3600.0


class InvalidTimeLimit(TutorError):
    """A time limit that is not a number of seconds a session could run for."""


def check_limit(seconds: float | None, what: str = "time limit") -> None:
    """Refuse a limit that is infinite, not a number, or outside a second to a day; None
    (no limit) passes."""
    if seconds is None:
        return
    if not math.isfinite(seconds) or not MIN_LIMIT_SECONDS <= seconds <= MAX_LIMIT_SECONDS:
        raise InvalidTimeLimit(
            f"a {what} of {seconds!r} seconds cannot be timed; give between "
            f"{MIN_LIMIT_SECONDS:g} and {MAX_LIMIT_SECONDS:g} seconds (24 hours)"
        )


class Phase(StrEnum):
    RUNNING = "running"
    LAST_MINUTE = "last_minute"
    LEEWAY = "leeway"
    OVER = "over"


@dataclass(frozen=True)
class TimerState:
    """How a time limit stands after `elapsed` seconds."""

    limit: float
    elapsed: float

    @property
    def remaining(self) -> float:
        """Seconds to the limit (negative once in leeway)."""
        return self.limit - self.elapsed

    @property
    def leeway(self) -> float:
        return self.limit * LEEWAY_FRACTION

    @property
    def phase(self) -> Phase:
        if self.elapsed >= self.limit + self.leeway:
            return Phase.OVER
        if self.elapsed >= self.limit:
            return Phase.LEEWAY
        # A limit of a minute or less gets no one-minute warning: it would come at once.
        if self.limit > WARNING_SECONDS and self.remaining <= WARNING_SECONDS:
            return Phase.LAST_MINUTE
        return Phase.RUNNING

    @property
    def expired(self) -> bool:
        """True once the limit and its leeway have both passed."""
        return self.phase is Phase.OVER


def timer(limit: float, elapsed: float) -> TimerState:
    """The state of `limit` after `elapsed` seconds; an untimeable limit (see `check_limit`)
    raises `InvalidTimeLimit`."""
    check_limit(limit)
    return TimerState(limit=float(limit), elapsed=max(0.0, float(elapsed)))


def active_seconds(
    events: Sequence[tuple[str, datetime]], now: datetime, *, interruptions_count: bool = False
) -> float:
    """Seconds of running time from the first event to `now`, given (kind, at) events.

    Time from a pause to the next resume does not count, and a session paused now has
    stopped its clock at the pause. The gap before a resume that no pause preceded (the
    program stopped mid-session and was started again) counts only if `interruptions_count`.
    """
    total = 0.0
    paused = False
    for (kind, start), (next_kind, end) in pairwise([*events, ("now", now)]):
        paused = kind == "pause" or (paused and kind != "resume")
        if paused or (next_kind == "resume" and not interruptions_count):
            continue
        total += (end - start).total_seconds()
    return max(0.0, total)


def since(
    events: Sequence[tuple[str, datetime]],
    index: int,
    now: datetime,
    *,
    interruptions_count: bool = False,
) -> float:
    """Running seconds from event `index` (e.g. a question being asked) to now."""
    return active_seconds(events[index:], now, interruptions_count=interruptions_count)


def format_seconds(seconds: float) -> str:
    """'4:05', '1:02:03'; negative values as '-0:12' (time into leeway)."""
    if not math.isfinite(seconds):
        raise InvalidTimeLimit(f"{seconds!r} is not a number of seconds that can be shown")
    sign = "-" if seconds < 0 else ""
    whole = round(abs(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"
