"""A record is assembled from one consistent read of its session: the number of queries does
not grow with the number of questions asked."""

from __future__ import annotations

import random
from pathlib import Path

from tests.sessions.session_fixtures import (
    COMPLAINTS,
    EXPECTATIONS,
    PURPOSE,
    FakeClock,
    tiny_bank,
)
from tutor.export.record import build_record
from tutor.sessions.engine import SessionEngine
from tutor.store.queries import Store


def _session(engine: SessionEngine, criteria: list[str]) -> int:
    session_id = engine.start_practice("Ann", criteria)
    while engine.next_question() is not None:
        engine.submit_answer("listen, say sorry and put it right so customers come back")
    engine.end()
    return session_id


def _statements(store: Store, session_id: int) -> list[str]:
    seen: list[str] = []
    store.conn.set_trace_callback(seen.append)
    try:
        build_record(store, session_id)
    finally:
        store.conn.set_trace_callback(None)
    return seen


def test_a_record_takes_the_same_queries_for_one_question_or_three(tmp_path: Path) -> None:
    bank = tiny_bank(tmp_path / "banks")
    with Store.open(tmp_path / "t.db") as store:
        engine = SessionEngine(bank, store, FakeClock(), random.Random(1))
        one = _session(engine, [COMPLAINTS])
        three = _session(engine, [PURPOSE, COMPLAINTS, EXPECTATIONS])
        assert len(build_record(store, three).questions) == 3
        reads_one, reads_three = _statements(store, one), _statements(store, three)
    assert len(reads_one) == len(reads_three)
    assert reads_three[0] == "BEGIN" and reads_three[-1] == "COMMIT"
