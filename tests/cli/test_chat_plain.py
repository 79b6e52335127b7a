"""Scripted plain-text sessions through `tutor chat --plain`, in-process and as real
processes (one killed with SIGKILL mid-session, then resumed)."""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import Result

from tests.cli.cli_helpers import chat_plain, run
from tests.sessions.session_fixtures import COMPLAINTS, EXPECTATIONS, PURPOSE, write_tiny_bank

CRITERIA = f"{PURPOSE}, 1.2; {EXPECTATIONS}"


@pytest.fixture
def banks(tmp_path: Path) -> Path:
    return write_tiny_bank(tmp_path / "banks")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "tutor.db"


def chat(db: Path, banks: Path, *args: str, input: str = "") -> Result:
    return chat_plain(db, banks, "--seed", "1", *args, input=input)


def tutor(db: Path, *args: str) -> Result:
    return run("--db", str(db), *args)


def rows(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def session_id_of(output: str) -> int:
    last = output.strip().splitlines()[-1]
    assert last.startswith("Session ") and "tutor verify" in last, last
    return int(last.split()[1])


def test_scripted_practice_session_is_stored_and_verifies(db: Path, banks: Path) -> None:
    script = "\n".join(
        [
            "I would listen to them",  # first question, whichever it is
            "/hint",
            "/model",
            "",
            "say sorry and fix the problem",
            "/followup",
            "customers come back",
            "",
            "/skip",
        ]
    )
    result = chat(db, banks, "--learner", "Ann", "--criteria", CRITERIA, input=script + "\n")
    assert result.exit_code == 0, result.output
    session_id = session_id_of(result.output)
    assert "Question 1 of 3" in result.output and "Feedback:" in result.output
    assert "Hint:" in result.output and "Model answer:" in result.output
    kinds = [k for (k,) in rows(db, "SELECT kind FROM turns ORDER BY seq")]
    assert kinds.count("answer") == 3 and "hint" in kinds and "model_answer" in kinds
    assert kinds[-1] == "end"
    verified = tutor(db, "verify", str(session_id))
    assert verified.exit_code == 0 and "intact" in verified.output


def test_scripted_assessment_records_decisions_declaration_and_countersign(
    db: Path, banks: Path
) -> None:
    script = [
        "customers come back and recommend us because it meets their needs",
        "/note confident",
        "",
        "listen and say sorry",
        "/ask What would you do next?",
        "put it right",
        "",
        "Ann Learner",  # the learner declares first, in their own turn
        "met",
        "covered every point with reasons",
        "not yet met",
        "no reason given for listening",
        "Clear answers",
        "Explain why listening matters",
        "Bob Assessor",
    ]
    result = chat(
        db,
        banks,
        "--learner",
        "Ann",
        "--criteria",
        f"{PURPOSE}, 1.2",
        "--mode",
        "assessment",
        "--assessor",
        "Bob",
        "--centre",
        "Northgate",
        "--registration",
        "R123",
        "--time-limit",
        "1200",
        input="\n".join(script) + "\n",
    )
    assert result.exit_code == 0, result.output
    session_id = session_id_of(result.output)
    assert "Feedback:" not in result.output and "Missed:" not in result.output
    assert "Time left: session 20:00" in result.output
    decisions = rows(db, "SELECT criterion, decision, reason FROM decisions ORDER BY id")
    assert decisions == [
        (PURPOSE, "met", "covered every point with reasons"),
        (COMPLAINTS, "not_yet_met", "no reason given for listening"),
    ]
    signed = rows(db, "SELECT kind, name FROM declarations ORDER BY id")
    assert signed == [("authenticity", "Ann Learner"), ("countersign", "Bob Assessor")]
    assert rows(db, "SELECT feedback, next_steps FROM sessions") == [
        ("Clear answers", "Explain why listening matters")
    ]
    assert rows(db, "SELECT name, registration_number FROM learners") == [("Ann", "R123")]
    assert rows(db, "SELECT name FROM centres") == [("Northgate",)]
    assert tutor(db, "verify", str(session_id)).exit_code == 0


def test_blank_feedback_is_not_stored_as_feedback_given(db: Path, banks: Path) -> None:
    """The plain chat closes an assessment as the app does: feedback and next steps left
    blank store no feedback at all, rather than an empty one."""
    script = ["customers come back", "", "Ann Learner", "met", "clear", "", "", "Bob"]
    result = chat(
        db,
        banks,
        "--learner",
        "Ann",
        "--criteria",
        PURPOSE,
        "--mode",
        "assessment",
        "--assessor",
        "Bob",
        input="\n".join(script) + "\n",
    )
    assert result.exit_code == 0, result.output
    assert rows(db, "SELECT count(*) FROM turns WHERE kind = 'feedback'") == [(0,)]
    assert rows(db, "SELECT name FROM declarations WHERE kind = 'countersign'") == [("Bob",)]


def test_end_of_input_in_an_assessment_leaves_decisions_pending(db: Path, banks: Path) -> None:
    result = chat(
        db,
        banks,
        "--learner",
        "Ann",
        "--criteria",
        f"{PURPOSE}, 1.2",
        "--mode",
        "assessment",
        "--assessor",
        "Bob",
        input="customers come back\n\nlisten\n\nAnn Learner\nmet\n",
    )
    assert result.exit_code == 0, result.output
    assert "pending" in result.output
    assert rows(db, "SELECT decision FROM decisions ORDER BY id") == [("pending",), ("pending",)]
    assert rows(db, "SELECT status FROM sessions") == [("ended",)]


def test_end_of_input_mid_question_closes_the_session_cleanly(db: Path, banks: Path) -> None:
    result = chat(db, banks, "--learner", "Ann", "--criteria", CRITERIA, input="listen\n")
    assert result.exit_code == 0, result.output
    assert rows(db, "SELECT status FROM sessions") == [("ended",)]
    assert rows(db, "SELECT text FROM turns WHERE kind = 'answer'") == [("listen",)]


def test_control_characters_are_stored_faithfully_and_shown_escaped(db: Path, banks: Path) -> None:
    nasty = "listen \x1b[31mRED\x1b[0m and \x07 say sorry"
    result = chat(
        db, banks, "--learner", "Eve\x1b]0;owned\x07", "--criteria", COMPLAINTS, input=nasty + "\n"
    )
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "Eve\\x1b]0;owned\\x07" in result.output
    assert rows(db, "SELECT text FROM turns WHERE kind = 'answer'") == [(nasty,)]
    shown = tutor(db, "transcripts", "show", "1")
    assert "\\x1b[31mRED" in shown.output and "\x1b" not in shown.output


def test_unknown_unit_criterion_and_empty_bank_give_one_line_errors(
    db: Path, banks: Path, tmp_path: Path
) -> None:
    for args, message in [
        (("--unit", "A/123/4567"), "is not in the question bank"),
        (("--criteria", "J/506/2132 7.7"), "is not in the question bank"),
        (("--criteria", "nonsense"), "not a criterion reference"),
        (("--unit", "Y/506/2135", "--criteria", "x"), "either --unit"),
    ]:
        result = chat(db, banks, "--learner", "Ann", *args)
        assert result.exit_code in (1, 2) and message in result.output, result.output
        assert "Traceback" not in result.output
    empty = tmp_path / "empty"
    (empty / "units").mkdir(parents=True)
    result = chat(db, empty, "--learner", "Ann", "--unit", "J/506/2132")
    assert result.exit_code == 1 and "no bank files" in result.output


def test_assessment_without_an_assessor_is_a_usage_error(db: Path, banks: Path) -> None:
    result = chat(db, banks, "--learner", "Ann", "--unit", "J/506/2132", "--mode", "assessment")
    assert result.exit_code == 2 and "--assessor" in result.output


def test_an_unfinished_session_is_pointed_out_and_resumed_on_request(db: Path, banks: Path) -> None:
    # A session left unfinished (as after a crash): created, one question asked.
    first = chat(db, banks, "--learner", "Ann", "--criteria", CRITERIA, input="")
    assert first.exit_code == 0
    db_conn = sqlite3.connect(db)
    db_conn.execute("UPDATE sessions SET status = 'active', ended_at = NULL")
    db_conn.commit()
    db_conn.close()
    second = chat(db, banks, "--learner", "Ann", "--criteria", CRITERIA, "--new", input="")
    assert "was not finished" not in second.output
    third = chat(db, banks, "--learner", "Ann", "--criteria", CRITERIA, input="")
    assert "session 1" in third.output and "--resume 1" in third.output


def _spawn(db: Path, banks: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
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
            "--seed",
            "3",
            *args,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def _wait_for(db: Path, sql: str, expected: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if db.exists() and rows(db, sql)[0][0] >= expected:
                return
        except sqlite3.OperationalError:
            pass
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {expected} from {sql}")


def _read_until(process: subprocess.Popen[bytes], marker: bytes, timeout: float) -> bytes:
    """What the process printed, read straight off its pipe (no buffer for `select` to miss),
    until `marker` is among it."""
    assert process.stdout is not None
    fd = process.stdout.fileno()
    deadline = time.monotonic() + timeout
    shown = b""
    while marker not in shown:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        assert ready, f"no {marker!r} within {timeout} s; shown: {shown.decode()}"
        chunk = os.read(fd, 65536)
        assert chunk, f"the chat ended before {marker!r}; shown: {shown.decode()}"
        shown += chunk
    return shown


def test_a_real_process_practice_session_reads_stdin_to_the_end(db: Path, banks: Path) -> None:
    process = _spawn(db, banks, "--learner", "Ann", "--criteria", COMPLAINTS)
    out, err = process.communicate(b"listen and say sorry\n\n", timeout=60)
    assert process.returncode == 0, err.decode()
    assert b"Session 1 saved" in out
    assert tutor(db, "verify", "1").exit_code == 0


def test_resume_after_kill_keeps_every_answer(db: Path, banks: Path) -> None:
    process = _spawn(db, banks, "--learner", "Ann", "--criteria", CRITERIA)
    answers = "SELECT count(*) FROM turns WHERE kind = 'answer'"
    try:
        process.stdin.write(b"first answer: listen\n")
        process.stdin.flush()
        _wait_for(db, answers, 1)
        process.stdin.write(b"\nsecond answer: customers come back\n\n")
        process.stdin.flush()
        _wait_for(db, "SELECT count(*) FROM turns WHERE kind = 'question'", 3)
        process.stdin.write(b"half an ans")  # being typed when the process dies
        process.stdin.flush()
        time.sleep(0.2)
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
    stored = [t for (t,) in rows(db, "SELECT text FROM turns WHERE kind = 'answer' ORDER BY seq")]
    assert stored == ["first answer: listen", "second answer: customers come back"]
    assert rows(db, "SELECT status FROM sessions") == [("active",)]
    asked = [c for (c,) in rows(db, "SELECT criterion FROM turns WHERE kind = 'question'")]

    resumed = chat(db, banks, "--learner", "Ann", "--resume", "1", input="ask them\n\n")
    assert resumed.exit_code == 0, resumed.output
    assert "Resuming session 1" in resumed.output
    assert f"Question 3 of 3 [{asked[2]}]" in resumed.output
    stored = [t for (t,) in rows(db, "SELECT text FROM turns WHERE kind = 'answer' ORDER BY seq")]
    assert stored == ["first answer: listen", "second answer: customers come back", "ask them"]
    assert rows(db, "SELECT count(*) FROM turns WHERE kind = 'question'") == [(3,)]
    assert rows(db, "SELECT status FROM sessions") == [("ended",)]
    assert tutor(db, "verify", "1").exit_code == 0


def test_a_turn_edited_with_sqlite3_is_named_by_verify(db: Path, banks: Path) -> None:
    result = chat(
        db,
        banks,
        "--learner",
        "Ann",
        "--criteria",
        CRITERIA,
        input="listen\n\ncustomers come back\n\nsurveys\n\n",
    )
    session_id = session_id_of(result.output)
    (seq,) = rows(db, "SELECT seq FROM turns WHERE text = 'customers come back'")[0]
    edit = f"UPDATE turns SET text = 'a much better answer' WHERE seq = {seq}"
    if shutil.which("sqlite3"):
        subprocess.run(["sqlite3", str(db), edit], check=True)
    else:  # the same edit, where the sqlite3 shell is not installed
        conn = sqlite3.connect(db)
        conn.execute(edit)
        conn.commit()
        conn.close()
    verified = tutor(db, "verify", str(session_id))
    assert verified.exit_code == 1
    assert f"turn {seq} (answer) was altered" in verified.output
    as_json = json.loads(tutor(db, "verify", str(session_id), "--json").output)
    assert as_json["ok"] is False and as_json["first_bad_turn"] == seq


def test_a_timer_warning_is_shown_while_the_learner_is_thinking(db: Path, banks: Path) -> None:
    process = _spawn(
        db,
        banks,
        "--learner",
        "Ann",
        "--criteria",
        COMPLAINTS,
        "--mode",
        "assessment",
        "--assessor",
        "Bob",
        "--question-time-limit",
        "1",
    )
    # No input until the last warning is shown: the warnings must come from the waiting chat
    # itself. Waiting for the line, not a fixed time, keeps this steady on a loaded machine.
    shown = _read_until(process, b"time and leeway are over", timeout=60)
    out, err = process.communicate(b"listen\n", timeout=60)
    assert process.returncode == 0, err.decode()
    text = (shown + out).decode()
    assert "Timer: This question: time is up" in text
    assert "Timer: This question: time and leeway are over" in text
    assert "marked late" in text
    assert rows(db, "SELECT text FROM turns WHERE kind = 'answer'") == [("listen",)]


def test_a_megabyte_answer_line_is_stored_whole(db: Path, banks: Path) -> None:
    answer = "listen and say sorry " * 50_000
    result = chat(db, banks, "--learner", "Ann", "--criteria", COMPLAINTS, input=answer + "\n")
    assert result.exit_code == 0, result.output
    assert rows(db, "SELECT length(text) FROM turns WHERE kind = 'answer'") == [(len(answer),)]
    assert len(result.output) < 10_000  # the answer is not echoed back


def test_an_assessor_override_is_recorded_from_the_chat(db: Path, banks: Path) -> None:
    script = "listen\n/override met explained fully when asked aloud\n\n"
    result = chat(
        db,
        banks,
        "--learner",
        "Ann",
        "--criteria",
        COMPLAINTS,
        "--mode",
        "assessment",
        "--assessor",
        "Bob",
        input=script,
    )
    assert result.exit_code == 0, result.output
    assert "Override saved" in result.output
    assert rows(db, "SELECT judgement, reason FROM score_overrides") == [
        ("met", "explained fully when asked aloud")
    ]


def test_a_broken_or_newer_database_is_a_one_line_error(db: Path, banks: Path) -> None:
    db.write_bytes(b"garbage" * 1000)
    for result in (
        chat(db, banks, "--learner", "Ann", "--criteria", COMPLAINTS, input="listen\n"),
        tutor(db, "transcripts", "list"),
        tutor(db, "verify", "1"),
    ):
        assert result.exit_code == 1
        assert result.output.strip().count("\n") == 0
        assert "not a tutor database or is damaged" in result.output
    db.unlink()
    chat(db, banks, "--learner", "Ann", "--criteria", COMPLAINTS, input="")
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    result = tutor(db, "transcripts", "list")
    assert result.exit_code == 1 and "newer tutor" in result.output


def test_a_remote_assessment_is_recorded_as_remote_and_verifies(db: Path, banks: Path) -> None:
    result = chat(
        db,
        banks,
        "--learner",
        "Ann",
        "--criteria",
        PURPOSE,
        "--mode",
        "assessment",
        "--assessor",
        "Bob",
        "--delivery",
        "remote",
        input="customers come back\n\n",
    )
    assert result.exit_code == 0, result.output
    assert rows(db, "SELECT delivery FROM sessions") == [("remote",)]
    verified = run("verify", "1", "--db", str(db))
    assert verified.exit_code == 0, verified.output
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE sessions SET delivery = 'face to face'")
    assert run("verify", "1", "--db", str(db)).exit_code == 1
