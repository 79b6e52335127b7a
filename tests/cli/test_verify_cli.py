from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.cli.cli_helpers import chat_plain, run
from tests.sessions.session_fixtures import PURPOSE, write_tiny_bank


def assessed(tmp_path: Path) -> Path:
    banks = write_tiny_bank(tmp_path / "banks")
    db = tmp_path / "t.db"
    script = "customers come back\n\nAnn\nmet\ngood answer\nwell done\nnone\nBob\n"
    result = chat_plain(
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
        input=script,
    )
    assert result.exit_code == 0, result.output
    return db


def edit(db: Path, sql: str) -> None:
    conn = sqlite3.connect(db)
    conn.execute(sql)
    conn.commit()
    conn.close()


def test_an_intact_session_verifies(tmp_path: Path) -> None:
    db = assessed(tmp_path)
    result = run("--db", str(db), "verify", "1")
    assert result.exit_code == 0 and "intact" in result.output


def test_a_changed_decision_is_caught(tmp_path: Path) -> None:
    db = assessed(tmp_path)
    edit(db, "UPDATE decisions SET decision = 'not_yet_met'")
    result = run("--db", str(db), "verify", "1")
    assert result.exit_code == 1 and "decision recorded at turn" in result.output


def test_a_deleted_last_turn_or_changed_header_is_caught(tmp_path: Path) -> None:
    db = assessed(tmp_path)
    edit(db, "DELETE FROM declarations WHERE kind = 'countersign'")
    edit(db, "DELETE FROM turns WHERE seq = (SELECT max(seq) FROM turns)")
    result = run("--db", str(db), "verify", "1")
    assert result.exit_code == 1 and "were altered" in result.output
    db = assessed(tmp_path / "again")
    edit(db, "UPDATE learners SET name = 'Someone Else'")
    assert run("--db", str(db), "verify", "1").exit_code == 1


def test_unknown_session_and_bad_argument(tmp_path: Path) -> None:
    db = assessed(tmp_path)
    missing = run("--db", str(db), "verify", "9")
    assert missing.exit_code == 1 and "no session 9" in missing.output
    bad = run("--db", str(db), "verify", "yesterday")
    assert bad.exit_code == 2


def test_an_exported_file_is_handed_to_the_export_verifier(tmp_path: Path) -> None:
    record = tmp_path / "record.json"
    record.write_text("{}")
    result = run("verify", str(record))
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1)


def test_verify_all_names_a_session_deleted_whole(tmp_path: Path) -> None:
    db = assessed(tmp_path)
    result = run("--db", str(db), "verify", "--all")
    assert result.exit_code == 0 and "All 1 sessions intact" in result.output
    for table in ("decisions", "score_overrides", "declarations", "turns", "sessions"):
        column = "id" if table == "sessions" else "session_id"
        edit(db, f"DELETE FROM {table} WHERE {column} = 1")
    result = run("--db", str(db), "verify", "--all")
    assert result.exit_code == 1
    assert "Session 1: ALTERED: the session was deleted." in result.output
    assert run("--db", str(db), "verify").exit_code == 2  # neither a target nor --all


def test_a_record_whose_turn_was_deleted_exports_saying_so(tmp_path: Path) -> None:
    """A declaration row left without its turn (the last turn deleted by hand): the export
    is written, no traceback, and its record says it failed verification."""
    db = assessed(tmp_path)
    edit(db, "DELETE FROM turns WHERE seq = (SELECT max(seq) FROM turns)")
    out = tmp_path / "record.md"
    result = run("--db", str(db), "export", "1", "--format", "md", "--out", str(out))
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    assert "altered" in out.read_text(encoding="utf-8").lower()
