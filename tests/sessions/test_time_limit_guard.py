"""The core refuses a time limit it could not time, before anything is stored; the command
line checks the same range (tests/cli/test_bad_input.py)."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest

from tests.sessions.session_fixtures import COMPLAINTS, FakeClock, tiny_bank
from tutor.sessions.engine import SessionEngine
from tutor.sessions.timing import (
    MAX_LIMIT_SECONDS,
    InvalidTimeLimit,
    check_limit,
    format_seconds,
    timer,
)
from tutor.store.queries import Store

UNTIMEABLE = [math.inf, -math.inf, math.nan, -5.0, 0.0, 0.5, MAX_LIMIT_SECONDS + 1, 1e300]


@pytest.mark.parametrize("seconds", UNTIMEABLE)
def test_an_untimeable_limit_is_refused_with_a_reason(seconds: float) -> None:
    with pytest.raises(InvalidTimeLimit, match="give between 1 and 86400 seconds"):
        check_limit(seconds)
    with pytest.raises(InvalidTimeLimit):
        timer(seconds, 0)


@pytest.mark.parametrize("seconds", [None, 1.0, 60.0, 1200.0, MAX_LIMIT_SECONDS])
def test_no_limit_and_sane_limits_pass(seconds: float | None) -> None:
    check_limit(seconds)


def test_an_infinite_time_is_not_formatted_as_a_crash() -> None:
    with pytest.raises(InvalidTimeLimit):
        format_seconds(math.inf)
    assert format_seconds(-12) == "-0:12"


@pytest.mark.parametrize("limit", ["time_limit", "question_time_limit"])
def test_an_assessment_with_an_infinite_limit_stores_nothing(
    tmp_path: Path, store: Store, clock: FakeClock, limit: str
) -> None:
    engine = SessionEngine(tiny_bank(tmp_path / "banks"), store, clock, random.Random(1))
    with pytest.raises(InvalidTimeLimit, match="inf"):
        engine.start_assessment("Ann", "Bob", [COMPLAINTS], **{limit: math.inf})
    assert store.list_sessions("Ann") == []
