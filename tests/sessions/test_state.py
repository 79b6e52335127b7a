"""A session's state comes from its turns alone, and the engine's messages name no key or
command of either face."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.sessions.session_fixtures import COMPLAINTS, EXPECTATIONS, FakeClock, tiny_bank
from tutor.sessions.engine import SessionEngine
from tutor.sessions.state import SessionError, replay
from tutor.store.queries import Store


@pytest.fixture
def engine(tmp_path: Path, store: Store, clock: FakeClock) -> SessionEngine:
    return SessionEngine(tiny_bank(tmp_path / "banks"), store, clock, random.Random(7))


def test_replaying_the_stored_turns_gives_the_state_the_engine_holds(
    engine: SessionEngine, store: Store, clock: FakeClock
) -> None:
    """After every step, the state rebuilt from the store is the state the engine acts on:
    nothing the engine knows is kept outside the turns."""
    session_id = engine.start_practice("Ann", [COMPLAINTS, EXPECTATIONS], time_limit=600)
    steps = [
        engine.next_question,
        lambda: clock.advance(30),
        lambda: engine.submit_answer("I would listen"),
        engine.follow_up,
        lambda: engine.submit_answer("and say sorry"),
        engine.retry,
        lambda: engine.submit_answer("listen, apologise and fix it"),
        engine.retry,
        engine.pause,
        lambda: clock.advance(100),
        engine.resume,
        engine.skip,
        engine.next_question,
        engine.hint,
    ]
    for number, step in enumerate(steps, 1):
        step()
        stored = replay(store.session(session_id), store.turns(session_id))
        assert stored == engine._state, f"after step {number}"
    assert stored.position == 2 and stored.awaiting and stored.status == "active"
    assert stored.covered() == [COMPLAINTS, EXPECTATIONS]


def test_engine_messages_name_no_flag_or_command(engine: SessionEngine) -> None:
    refused = []
    for attempt in (
        lambda: engine.start_assessment("Ann", " ", [COMPLAINTS]),
        lambda: engine.start_practice(" ", [COMPLAINTS]),
    ):
        with pytest.raises(SessionError) as caught:
            attempt()
        refused.append(str(caught.value))
    engine.start_practice("Ann", [COMPLAINTS])
    engine.next_question()
    engine.pause()
    with pytest.raises(SessionError) as caught:
        engine.next_question()
    refused.append(str(caught.value))
    for message in refused:
        assert "--" not in message and "/" not in message and "F9" not in message, message
