from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from click.testing import Result

from tests.cli.cli_helpers import chat_plain, run
from tests.sessions.practice_fixtures import BAD, GOOD
from tests.sessions.session_fixtures import COMPLAINTS, PURPOSE, UNIT_A, UNIT_B, write_tiny_bank


def practise(db: Path, banks: Path, criteria: str, *answers: str) -> None:
    result = chat_plain(
        db,
        banks,
        *("--learner", "Ann", "--criteria", criteria, "--new"),
        input="".join(f"{a}\n" for a in answers) + "\n",
    )
    assert result.exit_code == 0, result.output


def progress(db: Path, banks: Path, *more: str) -> Result:
    return run("--db", str(db), "--banks", str(banks), "progress", "--learner", "Ann", *more)


def test_progress_json_has_the_fixed_keys_and_the_history(tmp_path: Path) -> None:
    banks, db = write_tiny_bank(tmp_path / "banks"), tmp_path / "t.db"
    practise(db, banks, COMPLAINTS, BAD)  # not yet met: Again, due again within minutes
    practise(db, banks, PURPOSE, GOOD[PURPOSE])  # met: due again in days
    result = progress(db, banks, "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["learner"] == "Ann" and document["due_today"] == 1
    [unit] = document["units"]
    assert {"ref", "title", "criteria"} <= set(unit) and unit["ref"] == UNIT_A
    rows = {c["id"]: c for c in unit["criteria"]}
    fixed = {"id", "status", "decision", "last_seen", "due", "recent_scores"}
    assert all(fixed <= set(row) for row in rows.values())
    complaints, purpose = rows["1.2"], rows["1.1"]
    assert complaints["status"] == "practising" and complaints["decision"] is None
    assert complaints["due_today"] and not purpose["due_today"]
    assert datetime.fromisoformat(purpose["due"]) > datetime.fromisoformat(complaints["due"])
    assert complaints["recent_scores"][0] < 0.2 and purpose["recent_scores"] == [1.0]
    assert complaints["last_seen"].endswith("Z")


def test_progress_table_shows_symbols_and_the_due_count(tmp_path: Path) -> None:
    banks, db = write_tiny_bank(tmp_path / "banks"), tmp_path / "t.db"
    practise(db, banks, COMPLAINTS, BAD)
    result = progress(db, banks, "--unit", UNIT_B.lower())
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Progress for Ann: 1 due today")
    [complaints] = [line for line in lines if line.startswith("  ~ 1.2 ")]
    assert "due today" in complaints or "due now" in complaints
    assert any(line.startswith("  · 1.1 ") and "not started" in line for line in lines)
    assert f"{UNIT_B}  Exceed customer expectations" in lines


def test_an_unknown_learner_is_one_line_and_exit_status_1(tmp_path: Path) -> None:
    banks, db = write_tiny_bank(tmp_path / "banks"), tmp_path / "t.db"
    practise(db, banks, COMPLAINTS, BAD)
    result = run("--db", str(db), "--banks", str(banks), "progress", "--learner", "Anne")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"tutor: no learner 'Anne' in {db}; check the name (tutor transcripts list)"
    ]
    missing = run("--db", str(tmp_path / "none.db"), "progress", "--learner", "Ann")
    assert missing.exit_code == 1 and "no database here yet" in missing.output
    assert not (tmp_path / "none.db").exists()


def test_progress_is_in_the_command_list() -> None:
    assert "progress" in run("--help").output
