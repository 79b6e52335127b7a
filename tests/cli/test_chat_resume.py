"""Taking up an interrupted plain chat: an assessment only by its assessor, and never with
time given back for the time its program was stopped."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.cli.cli_helpers import chat_plain, run
from tests.sessions.session_fixtures import COMPLAINTS, FakeClock, tiny_bank, write_tiny_bank
from tutor.sessions.engine import SessionEngine
from tutor.store.queries import Store


@pytest.fixture
def banks(tmp_path: Path) -> Path:
    return write_tiny_bank(tmp_path / "banks")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "tutor.db"


def rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def interrupted_assessment(db: Path, banks: Path) -> int:
    """An assessment by Jo Khan with its question waiting, never ended."""
    bank = tiny_bank(banks.parent / "same_bank")
    with Store.open(db) as store:
        engine = SessionEngine(bank, store, FakeClock(), random.Random(1))
        session_id = engine.start_assessment("Ann", "Jo Khan", [COMPLAINTS])
        engine.next_question()
    return session_id


def resume(db: Path, banks: Path, *extra: str, input: str = "") -> tuple[int, str]:
    result = chat_plain(db, banks, "--learner", "Ann", "--resume", "1", *extra, input=input)
    return result.exit_code, result.output


def test_an_assessment_resumed_without_its_assessor_is_a_usage_error(
    db: Path, banks: Path
) -> None:
    interrupted_assessment(db, banks)
    for extra in ((), ("--assessor", "Sam Patel")):
        status, output = resume(db, banks, *extra, input="listen\n")
        assert status == 2, output
        assert len(output.strip().splitlines()) == 1
        assert "pass --assessor NAME" in output
    assert rows(db, "SELECT count(*) FROM turns WHERE kind = 'resume'") == [(0,)]
    assert rows(db, "SELECT status FROM sessions") == [("active",)]


def test_the_assessor_resumes_and_the_resume_turn_is_theirs(db: Path, banks: Path) -> None:
    interrupted_assessment(db, banks)
    status, output = resume(db, banks, "--assessor", "Jo Khan", input="listen\n")
    assert status == 0, output
    assert "Resuming session 1" in output
    assert rows(db, "SELECT actor, text FROM turns WHERE kind = 'resume'") == [
        ("assessor", "session resumed by Jo Khan")
    ]
    assert run("--db", str(db), "verify", "1").exit_code == 0


def test_resume_after_kill_never_gives_an_assessment_time_back(db: Path, banks: Path) -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from tutor.cli import run; run()",
            "--db",
            str(db),
            "--banks",
            str(banks),
            "chat",
            "--plain",
            "--learner",
            "Ann",
            "--criteria",
            COMPLAINTS,
            "--mode",
            "assessment",
            "--assessor",
            "Jo Khan",
            "--time-limit",
            "2",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if db.exists():
                try:
                    if rows(db, "SELECT count(*) FROM turns WHERE kind = 'question'")[0][0]:
                        break
                except sqlite3.OperationalError:
                    pass
            time.sleep(0.05)
        else:
            raise AssertionError("no question was asked")
    finally:
        os.kill(process.pid, signal.SIGKILL)  # no pause, no end written
        process.wait(10)
    assert [k for (k,) in rows(db, "SELECT kind FROM turns ORDER BY seq")] == [
        "start",
        "question",
    ]
    # Wait out the limit and its leeway while the program is stopped.
    (started,) = rows(db, "SELECT at FROM turns WHERE kind = 'start'")[0]
    while (datetime.now(UTC) - datetime.fromisoformat(started)).total_seconds() < 3:
        time.sleep(0.1)

    status, output = resume(db, banks, "--assessor", "Jo Khan", input="listen\n")
    assert status == 0, output
    assert "Time left: session 0:00" in output
    assert "marked late" in output
    assert rows(db, "SELECT count(*) FROM turns WHERE kind = 'timer'")[0][0] >= 1
    assert run("--db", str(db), "verify", "1").exit_code == 0
