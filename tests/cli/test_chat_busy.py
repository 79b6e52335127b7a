"""The plain chat when another program keeps the database busy: the answer is kept, said so in
one line, and sent again; never dropped."""

from __future__ import annotations

import io
import random
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.sessions.session_fixtures import COMPLAINTS, FakeClock, tiny_bank
from tutor.cli.chat import LineReader, PlainChat
from tutor.sessions.engine import SessionEngine
from tutor.store.db import StoreBusy
from tutor.store.queries import Store, Turn

ANSWER = "I hear them out, say sorry and fix the problem"
BUSY_LINE = "Not saved yet: the database is busy"


class Busy:
    """Another program holding the write lock from the start until `release`."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("BEGIN EXCLUSIVE")

    def release(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "t.db", busy_limit=0.2) as opened:
        yield opened


def practice(store: Store, tmp_path: Path, script: str, echo) -> PlainChat:
    engine = SessionEngine(tiny_bank(tmp_path / "banks"), store, FakeClock(), random.Random(1))
    engine.start_practice("Ann", [COMPLAINTS])
    return PlainChat(engine, LineReader(io.StringIO(script)), echo)


def answers(store: Store, session_id: int) -> list[str]:
    return [t.text for t in store.turns(session_id) if t.kind == "answer"]


def busy_while_asked(store: Store, said: list[str] | None = None) -> Callable[[str], None]:
    """An `echo` for the chat: another program takes the lock when a question is shown and
    lets go once the chat has said the answer is kept (the learner reading that line)."""
    busy: Busy | None = None

    def echo(line: str) -> None:
        nonlocal busy
        if said is not None:
            said.append(line)
        if line.startswith("Question"):
            busy = Busy(store.path)
        elif line.startswith(BUSY_LINE) and busy is not None:
            busy.release()

    return echo


def test_an_answer_refused_while_busy_is_kept_and_sent_again_on_enter(
    store: Store, tmp_path: Path
) -> None:
    said: list[str] = []
    chat = practice(store, tmp_path, f"{ANSWER}\n\n\n", busy_while_asked(store, said))
    chat.run()
    busy_lines = [line for line in said if line.startswith(BUSY_LINE)]
    assert busy_lines == [
        "Not saved yet: the database is busy (another program is writing to it); "
        "your answer is kept: press Enter to send it again."
    ]
    assert any(line.startswith("Feedback:") for line in said)
    assert answers(store, chat.engine.session_id) == [ANSWER]
    assert store.verify(chat.engine.session_id).ok


def test_a_kept_answer_is_sent_again_at_the_end_of_input(store: Store, tmp_path: Path) -> None:
    chat = practice(store, tmp_path, f"{ANSWER}\n", busy_while_asked(store))
    chat.run()
    assert answers(store, chat.engine.session_id) == [ANSWER]
    assert chat.engine.ended


def test_a_new_line_replaces_the_kept_answer(store: Store, tmp_path: Path) -> None:
    chat = practice(
        store, tmp_path, f"{ANSWER}\nI listen and apologise\n\n", busy_while_asked(store)
    )
    chat.run()
    assert answers(store, chat.engine.session_id) == ["I listen and apologise"]


def test_still_busy_at_the_end_of_input_says_the_answer_was_not_saved(
    store: Store, tmp_path: Path
) -> None:
    said: list[str] = []
    holders: list[Busy] = []

    def echo(line: str) -> None:
        said.append(line)
        if line.startswith("Question"):
            holders.append(Busy(store.path))

    chat = practice(store, tmp_path, f"{ANSWER}\n", echo)
    with pytest.raises(StoreBusy, match=r"last answer was not saved.*--resume") as refused:
        chat.run()
    assert "\n" not in str(refused.value)
    holders[0].release()
    assert answers(store, chat.engine.session_id) == []
    assert store.session(chat.engine.session_id)["status"] != "ended"  # can be resumed


def test_an_answer_stored_before_its_feedback_was_refused_is_not_sent_twice(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    append_turn = store.append_turn

    def feedback_refused(session_id: int, **turn: Any) -> Turn:
        if turn["kind"] == "feedback":
            raise StoreBusy("busy")
        return append_turn(session_id, **turn)

    monkeypatch.setattr(store, "append_turn", feedback_refused)
    chat = practice(store, tmp_path, f"{ANSWER}\n\n", said.append)
    chat.run()
    assert "Answer saved; its feedback could not be noted (the database is busy)." in said
    assert not any(line.startswith(BUSY_LINE) for line in said)
    assert answers(store, chat.engine.session_id) == [ANSWER]
