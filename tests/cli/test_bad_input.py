"""Every bad input to the command line ends in one line on stderr that names what is wrong
and what to do: exit status 2 for a usage error, 1 otherwise. Never a traceback, never a
session left running, never a file half-written, never a device or pipe replaced.

Run on the shipped question banks; real processes where real standard input (a file,
/dev/null, non-UTF-8 bytes, a closed descriptor) or a file size limit is the point.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pytest
from click.testing import Result

from tests.cli.cli_helpers import run
from tests.sessions.session_fixtures import COMPLAINTS, PURPOSE, FakeClock, tiny_bank
from tutor.export.pdf import FONT_CANDIDATES
from tutor.sessions.engine import SessionEngine
from tutor.store.queries import Store

UNIT = "J/506/2132"
HUGE = "99999999999999999999"
ANSWER = "listen to the customer and say sorry"
ANSWERS = f"{ANSWER}\n\n".encode()

# The commands here run over the shipped banks: each starts from their cached copy.
pytestmark = pytest.mark.usefixtures("warm_cache")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """The database TUTOR_DB names (see tests/conftest.py), beside a warm bank cache."""
    return tmp_path / "tutor.db"


def tutor_process(
    *args: str, stdin: int | IO[bytes] | None = None, data: bytes | None = None, **popen: Any
) -> subprocess.CompletedProcess[bytes]:
    """`tutor ARGS…` as a real process (its own stdin), as an installed `tutor` runs."""
    return subprocess.run(
        [sys.executable, "-c", "from tutor.cli import run; run()", *args],
        stdin=stdin,
        input=data,
        capture_output=True,
        timeout=120,
        check=False,
        **popen,
    )


def bounded_memory() -> dict[str, Any]:
    """Run a child that could, were the guard under test gone, allocate without end (a
    0-to-10,000,000 marks grid) under a memory limit, so it fails instead of the machine."""
    if sys.platform != "linux":
        return {}
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))

    return {"preexec_fn": limit}


def one_line(stderr: str, *names: str) -> str:
    """The single stderr line, checked to name `names`."""
    assert "Traceback" not in stderr, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    for name in names:
        assert name in lines[0], lines[0]
    return lines[0]


def refused(result: Result, status: int, *names: str) -> str:
    assert result.exit_code == status, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return one_line(result.stderr, *names)


def process_refused(done: subprocess.CompletedProcess[bytes], status: int, *names: str) -> str:
    assert done.returncode == status, done.stderr.decode()
    return one_line(done.stderr.decode(), *names)


def sessions(db: Path) -> list[dict[str, Any]]:
    """`tutor transcripts list --json`, newest first."""
    listed = run("--db", str(db), "transcripts", "list", "--json")
    assert listed.exit_code == 0, listed.output
    found: list[dict[str, Any]] = json.loads(listed.stdout)["sessions"]
    return found


def answers(db: Path, session_id: int) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT text FROM turns WHERE session_id = ? AND kind = 'answer' ORDER BY seq",
            (session_id,),
        ).fetchall()
    finally:
        conn.close()
    return [text for (text,) in rows]


def finished_session(db: Path, answer: str = ANSWER) -> int:
    """A practice session on the shipped unit, one answer, ended."""
    result = run("--db", str(db), "chat", "--plain", "--learner", "Ann", "--unit", UNIT,
                 "--limit", "1", "--seed", "1", input=f"{answer}\n\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    return int(sessions(db)[0]["id"])


# --- 1, 2: numeric options are checked before anything is written ---------------------


@pytest.mark.parametrize("value", [HUGE, "0", "-3"])
def test_a_question_limit_out_of_range_is_a_usage_error_and_starts_nothing(
    db: Path, value: str
) -> None:
    result = run("chat", "--plain", "--learner", "Ann", "--unit", UNIT, "--limit", value)
    line = refused(result, 2, "--limit", value)
    assert line.startswith("tutor chat: ")
    assert sessions(db) == []


@pytest.mark.parametrize("option", ["--time-limit", "--question-time-limit"])
@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "1e400", "-5", "0", "1e9", "soon"])
def test_an_untimeable_time_limit_is_a_usage_error_and_starts_nothing(
    db: Path, option: str, value: str
) -> None:
    result = run("chat", "--plain", "--learner", "Ann", "--unit", UNIT,
                 "--mode", "assessment", "--assessor", "Bob", option, value)  # fmt: skip
    refused(result, 2, option)
    assert sessions(db) == []


def test_a_time_limit_stored_as_infinite_stops_the_resumed_session_paused(db: Path) -> None:
    # A database written before limits were checked: the core refuses to time it.
    with Store.open(db) as store:  # a session left unfinished, its next question waiting
        bank = tiny_bank(db.parent / "tiny")
        engine = SessionEngine(bank, store, FakeClock(), random.Random(1))
        session_id = engine.start_practice("Ann", [COMPLAINTS, PURPOSE])
        engine.next_question()
        engine.submit_answer(ANSWER)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE sessions SET time_limit_seconds = ?", (float("inf"),))
    conn.commit()
    conn.close()
    result = run("chat", "--plain", "--learner", "Ann", "--resume", str(session_id))
    refused(result, 1, "time limit", "inf")
    assert sessions(db)[0]["status"] == "paused"


# --- 3: ids and counts no session or query could have ----------------------------------


@pytest.mark.parametrize(
    ("args", "item"),
    [
        (("transcripts", "show", HUGE), HUGE),
        (("transcripts", "search", "listen", "--limit", HUGE), "--limit"),
        (("export", HUGE, "--format", "md"), HUGE),
        (("verify", HUGE), HUGE),
        (("chat", "--plain", "--learner", "Ann", "--resume", HUGE), HUGE),
    ],
)
def test_a_huge_session_id_or_count_is_one_line(
    db: Path, tmp_path: Path, args: tuple[str, ...], item: str
) -> None:
    finished_session(db)
    before = sorted(p.name for p in tmp_path.iterdir())
    refused(run(*args), 2, item)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert sessions(db)[0]["status"] == "ended"


# --- 4, 5: standard input from a file, /dev/null, a pipe; bytes that are not UTF-8 ----


def test_answers_from_a_regular_file_are_read_and_kept(db: Path, tmp_path: Path) -> None:
    script = tmp_path / "answers.txt"
    script.write_bytes(ANSWERS)
    with script.open("rb") as handle:
        done = tutor_process("chat", "--plain", "--learner", "Ann", "--unit", UNIT,
                             "--limit", "2", stdin=handle)  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b""
    (session,) = sessions(db)
    assert session["status"] == "ended"
    assert answers(db, session["id"]) == [ANSWER]
    assert run("verify", str(session["id"])).exit_code == 0


def test_input_from_dev_null_closes_the_session_cleanly(db: Path) -> None:
    with open(os.devnull, "rb") as nothing:
        done = tutor_process("chat", "--plain", "--learner", "Ann", "--unit", UNIT, stdin=nothing)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b""
    assert b"saved" in done.stdout
    assert [s["status"] for s in sessions(db)] == ["ended"]


@pytest.mark.parametrize("through", ["file", "pipe"])
def test_bytes_that_are_not_utf8_stop_the_session_paused_with_every_answer_kept(
    db: Path, tmp_path: Path, through: str
) -> None:
    bad = ANSWERS + b"caf\xe9 au lait\n"  # Latin-1, as an old editor saves it
    offset = len(ANSWERS) + 3
    if through == "file":
        script = tmp_path / "answers.txt"
        script.write_bytes(bad)
        with script.open("rb") as handle:
            done = tutor_process("chat", "--plain", "--learner", "Ann", "--unit", UNIT,
                                 "--limit", "3", stdin=handle)  # fmt: skip
    else:
        done = tutor_process("chat", "--plain", "--learner", "Ann", "--unit", UNIT,
                             "--limit", "3", data=bad)  # fmt: skip
    line = process_refused(done, 1, "standard input", "not UTF-8", f"byte offset {offset}")
    assert "save the answers as UTF-8" in line
    (session,) = sessions(db)
    assert session["status"] == "paused"
    assert answers(db, session["id"]) == [ANSWER]
    assert "\ufffd" not in json.dumps(answers(db, session["id"]))

    resumed = run("chat", "--plain", "--learner", "Ann", "--resume", str(session["id"]),
                  input="café au lait\n\n")  # fmt: skip
    assert resumed.exit_code == 0, resumed.output
    assert answers(db, session["id"]) == [ANSWER, "café au lait"]
    assert run("verify", str(session["id"])).exit_code == 0


def test_a_leading_byte_order_mark_is_not_part_of_the_answer(db: Path, tmp_path: Path) -> None:
    script = tmp_path / "answers.txt"
    script.write_bytes(b"\xef\xbb\xbf" + ANSWERS)
    with script.open("rb") as handle:
        done = tutor_process("chat", "--plain", "--learner", "Ann", "--unit", UNIT,
                             "--limit", "1", stdin=handle)  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    assert answers(db, sessions(db)[0]["id"]) == [ANSWER]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_endless_input_without_a_newline_is_refused_not_held(db: Path) -> None:
    with open("/dev/zero", "rb") as zeros:
        done = tutor_process("chat", "--plain", "--learner", "Ann", "--unit", UNIT,
                             stdin=zeros, **bounded_memory())  # fmt: skip
    process_refused(done, 1, "line 1 of standard input", "bytes")
    assert [s["status"] for s in sessions(db)] == ["paused"]


def test_a_closed_standard_input_is_a_usage_error(db: Path) -> None:
    if os.name != "posix":
        pytest.skip("closing a child's descriptor 0 is POSIX")
    done = tutor_process("chat", "--plain", "--learner", "Ann", "--unit", UNIT,
                         preexec_fn=lambda: os.close(0))  # fmt: skip
    process_refused(done, 2, "standard input is closed")
    assert sessions(db) == []


@pytest.mark.parametrize(
    "args",
    [("score", f"{UNIT} 1.1", "--answer", "-"), ("rubric", "draft", "-")],
    ids=["score", "rubric-draft"],
)
def test_text_read_from_stdin_must_be_utf8(db: Path, args: tuple[str, ...]) -> None:
    result = run(*args, input=b"customers come back \xff\xfe")  # type: ignore[arg-type]
    refused(result, 1, "standard input is not UTF-8", "byte offset 20")


# --- 6, 7, 8: --out names a regular file, written whole or not at all -------------------


def test_a_file_name_too_long_for_the_file_system_is_one_line(db: Path, tmp_path: Path) -> None:
    session_id = finished_session(db)
    out = tmp_path / ("a" * 300 + ".md")
    refused(run("export", str(session_id), "--out", str(out)), 1, "over 255 bytes", "--out")
    assert not any(p.name.startswith("aaa") for p in tmp_path.iterdir())


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE and SIGXFSZ as on Linux")
def test_a_failed_export_leaves_nothing_behind_and_the_retry_works(
    db: Path, tmp_path: Path
) -> None:
    import resource
    import signal

    session_id = finished_session(db, "customers come back " * 20_000)  # ~400 KB of answer
    out = tmp_path / "records" / "record.json"
    out.parent.mkdir()

    def small_files_only() -> None:  # as a full disk would: the write fails part-way
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))

    done = tutor_process("export", str(session_id), "--out", str(out),
                         preexec_fn=small_files_only)  # fmt: skip
    process_refused(done, 1, str(out))
    assert list(out.parent.iterdir()) == []
    retry = run("export", str(session_id), "--out", str(out))
    assert retry.exit_code == 0, retry.output
    assert json.loads(out.read_text(encoding="utf-8"))["schema"] == "tutor-record/1"


def _fifo(path: Path) -> Callable[[int], bool]:
    os.mkfifo(path)
    return stat.S_ISFIFO


def _null_device(path: Path) -> Callable[[int], bool]:
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # as /dev/null
    except (PermissionError, AttributeError):
        pytest.skip("making a device node needs privileges this run lacks")
    return stat.S_ISCHR


@pytest.mark.skipif(os.name != "posix", reason="named pipes and device nodes are POSIX")
@pytest.mark.parametrize(("make", "kind"), [(_fifo, "named pipe"), (_null_device, "device")])
@pytest.mark.parametrize("force", [True, False])
def test_out_never_replaces_a_device_or_a_pipe(
    db: Path,
    tmp_path: Path,
    make: Callable[[Path], Callable[[int], bool]],
    kind: str,
    force: bool,
) -> None:
    session_id = finished_session(db)
    node = tmp_path / "node"
    still = make(node)
    args = ["export", str(session_id), "--format", "md", "--out", str(node)]
    refused(run(*args, *(["--force"] if force else [])), 1, str(node), kind)
    assert still(node.lstat().st_mode)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_out_through_a_file_where_a_folder_should_be_is_one_line(db: Path, tmp_path: Path) -> None:
    session_id = finished_session(db)
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    out = tmp_path / "notes.txt" / "record.md"
    refused(run("export", str(session_id), "--out", str(out)), 1, str(out), "is a file")
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


# --- 9: the PDF font ----------------------------------------------------------------


def _truncated_font(path: Path) -> Path:
    real = next((Path(r) for r, _ in FONT_CANDIDATES if Path(r).is_file()), None)
    if real is None:
        pytest.skip("no TrueType font installed to truncate")
    path.write_bytes(real.read_bytes()[:20_000])
    return path


def _text_file(path: Path) -> Path:
    path.write_text("not a font\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "font",
    [_text_file, _truncated_font, lambda path: path],
    ids=["text-file", "truncated-ttf", "missing"],
)
def test_a_bad_pdf_font_is_one_line_naming_it(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, font: Callable[[Path], Path]
) -> None:
    session_id = finished_session(db)
    chosen = font(tmp_path / "Font.ttf")
    monkeypatch.setenv("TUTOR_PDF_FONT", str(chosen))
    out = tmp_path / "record.pdf"
    refused(run("export", str(session_id), "--out", str(out)), 1, str(chosen), "TUTOR_PDF_FONT")
    assert not out.exists()


# --- 10: verify ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["[" * 100_000 + "]" * 100_000, '{"schema": ' + "[" * 100_000 + "]" * 100_000 + "}"],
    ids=["array", "object"],
)
def test_verify_on_json_nested_100k_deep_is_not_a_record(tmp_path: Path, text: str) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text(text, encoding="utf-8")
    refused(run("verify", str(deep)), 1, str(deep), "is not a tutor record")


@pytest.mark.parametrize(("name", "what"), [("gone.json", "does not exist"), ("d.json", "folder")])
def test_verify_on_a_json_path_that_is_no_file_is_a_usage_error(
    tmp_path: Path, name: str, what: str
) -> None:
    (tmp_path / "d.json").mkdir()
    refused(run("verify", str(tmp_path / name)), 2, name, what)


# --- 11: the rest of the commands ------------------------------------------------------


@pytest.mark.parametrize(
    ("marks", "scale", "item"),
    [
        ("1\n2", ("--scale", "0-inf"), "scale '0-inf'"),
        ("1\n2", ("--scale", "0-1e7"), "scale '0-1e7'"),
        ("0\n1e7", (), "--scale"),
    ],
    ids=["infinite-scale", "huge-scale", "marks-far-apart"],
)
def test_calibrate_refuses_a_scale_it_could_not_compare_on(
    tmp_path: Path, marks: str, scale: tuple[str, ...], item: str
) -> None:
    csv = tmp_path / "marks.csv"
    rows = [f"answer {n},{mark},model answer {n}" for n, mark in enumerate(marks.split())]
    csv.write_text("answer,mark,reference\n" + "\n".join(rows) + "\n", encoding="utf-8")
    done = tutor_process("calibrate", str(csv), "--answer-col", "answer", "--gold-col", "mark",
                         "--reference-col", "reference", *scale, **bounded_memory())  # fmt: skip
    process_refused(done, 1, item)


def test_progress_on_a_unit_the_bank_does_not_hold_is_one_line(db: Path) -> None:
    finished_session(db)
    refused(run("progress", "--learner", "Ann", "--unit", "A/123/4567"), 1, "A/123/4567", "--unit")


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (("chat", "--plain", "--unit", UNIT), ("tutor chat", "--learner", "--help")),
        (("chat", "--plain", "--learner", "Ann", "--bogus"), ("tutor chat", "--bogus")),
        (("bogus",), ("tutor", "bogus")),
        (("--db", "."), ("--db", "directory")),
        (("verify", "yesterday"), ("tutor verify", "yesterday")),
    ],
)
def test_usage_errors_are_one_line_not_a_usage_block(
    db: Path, args: tuple[str, ...], names: tuple[str, ...]
) -> None:
    line = refused(run(*args), 2, *names)
    assert not line.startswith("Usage:")


def test_an_error_nothing_else_caught_is_one_line_with_a_hint(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tutor.cli import run as entry_point
    from tutor.cli import transcripts

    def broken(*_: object) -> Path:
        raise RuntimeError("boom\non two lines")

    monkeypatch.setattr(transcripts, "resolve_db", broken)
    monkeypatch.setattr(sys, "argv", ["tutor", "transcripts", "list"])
    with pytest.raises(SystemExit) as exited:
        entry_point()
    assert exited.value.code == 1
    line = one_line(capsys.readouterr().err, "internal error", "boom on two lines")
    assert "TUTOR_DEBUG=1" in line
    monkeypatch.setenv("TUTOR_DEBUG", "1")
    with pytest.raises(RuntimeError):
        entry_point()
