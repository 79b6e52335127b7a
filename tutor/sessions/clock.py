"""Turn times that never go backwards: how a session reads the computer's clock.

A clock can be set back, by hand or by a time server correcting it. A turn is never stored
before the session's last turn: while the clock reads earlier, turns are held at the last
turn's time, and the jump back is recorded once, as an anomaly turn before them. A jump
forward is no anomaly: it cannot be told from a real wait (a pause, a laptop asleep), and
the turn times show it anyway.
"""

from __future__ import annotations

from datetime import datetime

from tutor.store.model import ClockAnomaly
from tutor.timestamps import iso, parse_iso


def monotonic_at(
    last_at: datetime | None, now: datetime, *, reported: datetime | None = None
) -> tuple[datetime, ClockAnomaly | None]:
    """The time to store a turn at when the clock reads `now`: `now`, or `last_at` if that
    is later, with the anomaly to record first when the clock has gone back. `reported` is
    the reading of an anomaly already recorded while the clock is still behind: no new one
    unless the clock reads earlier than that."""
    if last_at is None or now >= last_at:
        return now, None
    if reported is not None and now >= reported:
        return last_at, None
    seconds = round((last_at - now).total_seconds(), 3)
    return last_at, ClockAnomaly(clock=iso(now), held_at=iso(last_at), seconds=seconds)


def anomaly_text(anomaly: ClockAnomaly) -> str:
    """The anomaly in words, for its turn: "The computer's clock went back 1 h 02 min (from
    10:15:00 to 09:13:00 UTC); times after this are held at 10:15:00 until the clock catches
    up." """
    held, read = parse_iso(anomaly.held_at), parse_iso(anomaly.clock)
    shape = "%H:%M:%S" if held.date() == read.date() else "%Y-%m-%d %H:%M:%S"
    return (
        f"The computer's clock went back {span(anomaly.seconds)} (from {held:{shape}} to "
        f"{read:{shape}} UTC); times after this are held at {held:{shape}} until the clock "
        "catches up."
    )


def span(seconds: float) -> str:
    """A length of time for a person: '1 h 02 min', '3 min 05 s', '12 s', '0.25 s'."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{round(seconds, 3):g} s"
