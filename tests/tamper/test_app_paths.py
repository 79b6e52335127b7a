"""Changes made through the tutor itself (the plain chat) that must not rewrite a closed,
countersigned record, nor let one be taken up again.

Each path is a row: the chat's arguments and input, or an edit of `sessions.status` followed
by `--resume`. The sealed record of Sam's countersigned assessments must show what was
signed, and verify must never pass a record that shows something else.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.export.export_fixtures import ASSESSOR, LEARNER, REGISTRATION
from tests.sessions.session_fixtures import UNIT_A
from tests.tamper.tamper_fixtures import (
    Built,
    Outcome,
    export_json,
    tutor,
    verify_file,
    verify_session,
)

CHANGED = "CHANGED"


@dataclass(frozen=True)
class NewSession:
    """A new session for Sam, started with a new registration number."""

    name: str
    args: tuple[str, ...]
    input: str


NEW_SESSIONS = (
    NewSession(
        "practice with --registration CHANGED --new",
        ("--unit", UNIT_A, "--limit", "1", "--registration", CHANGED, "--new"),
        "x\n",
    ),
    NewSession(
        "assessment with --registration CHANGED --new",
        (
            "--mode",
            "assessment",
            "--assessor",
            ASSESSOR,
            "--unit",
            UNIT_A,
            "--limit",
            "1",
            "--registration",
            CHANGED,
            "--new",
        ),
        "x\n",
    ),
)


@dataclass(frozen=True)
class Reopen:
    """`sessions.status` (and perhaps `ended_at`) edited, then the chat asked to resume."""

    name: str
    statements: tuple[str, ...]


REOPENS = (
    Reopen("status active", ("UPDATE sessions SET status = 'active' WHERE id = {A}",)),
    Reopen("status paused", ("UPDATE sessions SET status = 'paused' WHERE id = {A}",)),
    Reopen(
        "status active and ended_at cleared",
        ("UPDATE sessions SET status = 'active', ended_at = NULL WHERE id = {A}",),
    ),
)


def chat(built: Built, *args: str, input: str) -> Outcome:
    return tutor(
        "--db", str(built.db), "chat", "--plain", "--learner", LEARNER,
        "--banks", str(built.banks), "--seed", "1", *args, input=input,
    )  # fmt: skip


def _turns(built: Built, session: int) -> list[tuple[int, str, str]]:
    conn = sqlite3.connect(built.db)
    try:
        return conn.execute(
            "SELECT seq, kind, text FROM turns WHERE session_id = ? ORDER BY seq", [session]
        ).fetchall()
    finally:
        conn.close()


def new_registration(built: Built, path: NewSession, folder: Path) -> dict[str, str]:
    """Run the chat; for each countersigned assessment, what its record then shows, and
    what verify said of it and of its export (empty when the record still shows what was
    signed)."""
    started = chat(built, *path.args, input=path.input)
    assert started.code == 0, started.output
    wrong = {}
    for session in (built.earlier, built.assessment):
        exported = export_json(built, session, folder / f"{session}.json")
        shown = json.loads(exported.read_text(encoding="utf-8"))["record"]["registration_number"]
        if shown != REGISTRATION:
            wrong[f"session {session}"] = (
                f"shows registration {shown!r}; verify: {verify_session(built, session).line()}"
                f"; verify JSON: {verify_file(built, exported).line()}"
            )
    return wrong


def reopen(built: Built, path: Reopen) -> tuple[Outcome, list[tuple[int, str, str]]]:
    """Edit the status, ask to resume; what the chat said and the turns it added."""
    conn = sqlite3.connect(built.db)
    with conn:
        for statement in path.statements:
            conn.execute(statement.format(A=built.assessment))
    conn.close()
    before = _turns(built, built.assessment)
    resumed = chat(
        built, "--mode", "assessment", "--assessor", ASSESSOR,
        "--resume", str(built.assessment), input="I had help.\n/note added later\n/end\n",
    )  # fmt: skip
    return resumed, _turns(built, built.assessment)[len(before) :]


@pytest.mark.parametrize("path", NEW_SESSIONS, ids=lambda p: p.name)
def test_a_new_registration_does_not_rewrite_a_countersigned_record(
    built: Built, path: NewSession, tmp_path: Path
) -> None:
    wrong = new_registration(built, path, tmp_path)
    assert not wrong, f"{path.name} rewrote signed records: {wrong}"


@pytest.mark.parametrize("path", REOPENS, ids=lambda p: p.name)
def test_a_countersigned_session_cannot_be_resumed(built: Built, path: Reopen) -> None:
    resumed, added = reopen(built, path)
    assert resumed.code != 0 and not added, (
        f"{path.name}: resume exit {resumed.code} ({resumed.line()[:200]}); "
        f"turns added after the countersignature: {added}"
    )
