from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tutor.sessions.timing import Phase, active_seconds, format_seconds, timer

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_phases_run_last_minute_then_ten_percent_leeway_then_over() -> None:
    assert timer(600, 100).phase is Phase.RUNNING
    assert timer(600, 545).phase is Phase.LAST_MINUTE
    assert timer(600, 600).phase is Phase.LEEWAY
    assert timer(600, 659).phase is Phase.LEEWAY
    assert timer(600, 660).phase is Phase.OVER and timer(600, 660).expired


def test_paused_time_and_the_gap_before_a_resume_do_not_count() -> None:
    events = [("start", at(0)), ("pause", at(60)), ("resume", at(600)), ("answer", at(630))]
    assert active_seconds(events, at(640)) == 100
    crashed = [("start", at(0)), ("answer", at(30)), ("resume", at(5000))]
    assert active_seconds(crashed, at(5010)) == 40


def test_a_paused_session_has_stopped_its_clock() -> None:
    assert active_seconds([("start", at(0)), ("pause", at(20))], at(900)) == 20


def test_remaining_time_reads_as_minutes_and_seconds() -> None:
    assert format_seconds(245) == "4:05"
    assert format_seconds(3723) == "1:02:03"
    assert format_seconds(-12) == "-0:12"


def test_a_limit_of_a_minute_or_less_has_no_one_minute_warning() -> None:
    assert timer(30, 1).phase is Phase.RUNNING
    assert timer(30, 30).phase is Phase.LEEWAY


def test_an_interruption_counts_only_where_the_clock_runs_on() -> None:
    killed = [("start", at(0)), ("question", at(3)), ("resume", at(23))]
    assert active_seconds(killed, at(24)) == 4  # practice: the gap waits for the learner
    assert active_seconds(killed, at(24), interruptions_count=True) == 24  # assessment


def test_a_pause_stops_the_clock_whatever_is_written_while_paused() -> None:
    events = [("start", at(0)), ("pause", at(10)), ("note", at(50)), ("resume", at(100))]
    assert active_seconds(events, at(110)) == 20
    assert active_seconds(events, at(110), interruptions_count=True) == 20
    # Paused, then the program stopped: the gap before the resume is still a pause.
    quit_paused = [("start", at(0)), ("pause", at(10)), ("resume", at(900))]
    assert active_seconds(quit_paused, at(910), interruptions_count=True) == 20
