"""The clock rule for turn times: never before the last turn, a jump back recorded once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tutor.sessions.clock import anomaly_text, monotonic_at, span
from tutor.store.model import ClockAnomaly

LAST = datetime(2026, 11, 2, 10, 15, tzinfo=UTC)


def test_a_clock_at_or_after_the_last_turn_is_taken_as_it_reads() -> None:
    later = LAST + timedelta(hours=30)
    assert monotonic_at(LAST, later) == (later, None)
    assert monotonic_at(LAST, LAST) == (LAST, None)
    assert monotonic_at(None, LAST) == (LAST, None)  # the first turn of a session


def test_a_clock_gone_back_is_held_at_the_last_turn_and_is_an_anomaly() -> None:
    read = LAST - timedelta(hours=1, minutes=2)
    at, anomaly = monotonic_at(LAST, read)
    assert at == LAST
    assert anomaly == ClockAnomaly(
        clock="2026-11-02T09:13:00.000Z", held_at="2026-11-02T10:15:00.000Z", seconds=3720.0
    )


def test_a_clock_still_behind_after_its_jump_was_reported_is_no_new_anomaly() -> None:
    reported = LAST - timedelta(hours=1)
    assert monotonic_at(LAST, reported + timedelta(minutes=5), reported=reported) == (LAST, None)
    # Set back again, further than the jump reported: a new anomaly.
    at, anomaly = monotonic_at(LAST, reported - timedelta(minutes=5), reported=reported)
    assert at == LAST and anomaly is not None and anomaly.seconds == 3900.0


def test_the_anomaly_reads_as_the_jump_and_the_times_held() -> None:
    _, anomaly = monotonic_at(LAST, LAST - timedelta(hours=1, minutes=2))
    assert anomaly is not None
    assert anomaly_text(anomaly) == (
        "The computer's clock went back 1 h 02 min (from 10:15:00 to 09:13:00 UTC); times "
        "after this are held at 10:15:00 until the clock catches up."
    )
    _, overnight = monotonic_at(LAST, LAST - timedelta(days=1))
    assert overnight is not None
    assert "(from 2026-11-02 10:15:00 to 2026-11-01 10:15:00 UTC)" in anomaly_text(overnight)


def test_an_anomaly_keeps_its_data_through_the_timing_json() -> None:
    anomaly = ClockAnomaly(clock="2026-11-02T09:13:00.000Z", held_at="x", seconds=1.5)
    assert anomaly.to_dict() == {
        "key": "clock_back",
        "clock": "2026-11-02T09:13:00.000Z",
        "held_at": "x",
        "seconds": 1.5,
    }
    assert ClockAnomaly.from_dict(anomaly.to_dict()) == anomaly


def test_a_span_reads_in_hours_minutes_or_seconds() -> None:
    assert span(3720) == "1 h 02 min"
    assert span(185) == "3 min 05 s"
    assert span(12) == "12 s"
    assert span(0.25) == "0.25 s"
