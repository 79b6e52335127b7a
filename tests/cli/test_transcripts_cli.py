from __future__ import annotations

import json
from pathlib import Path

from tests.cli.cli_helpers import chat_plain, run
from tests.sessions.session_fixtures import COMPLAINTS, write_tiny_bank


def practise(db: Path, banks: Path, learner: str, answer: str) -> None:
    result = chat_plain(
        db,
        banks,
        "--learner",
        learner,
        "--criteria",
        COMPLAINTS,
        "--new",
        input=f"{answer}\n\n",
    )
    assert result.exit_code == 0, result.output


def test_list_json_has_the_fixed_keys_newest_first(tmp_path: Path) -> None:
    banks = write_tiny_bank(tmp_path / "banks")
    db = tmp_path / "t.db"
    practise(db, banks, "Ann", "listen")
    practise(db, banks, "Bea", "say sorry")
    listed = json.loads(run("--db", str(db), "transcripts", "list", "--json").output)
    sessions = listed["sessions"]
    assert [s["learner"] for s in sessions] == ["Bea", "Ann"]
    for s in sessions:
        assert {"id", "learner", "mode", "started_at", "ended_at", "turns", "digest"} <= set(s)
        assert s["mode"] == "practice" and s["turns"] == 5 and len(s["digest"]) == 64
        assert s["started_at"].endswith("Z") and "T" in s["started_at"]
    only_ann = json.loads(
        run("--db", str(db), "transcripts", "list", "--learner", "Ann", "--json").output
    )
    assert [s["learner"] for s in only_ann["sessions"]] == ["Ann"]


def test_list_without_a_database_says_there_are_no_sessions(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "none.db"), "transcripts", "list", "--json")
    assert result.exit_code == 0 and json.loads(result.output) == {"sessions": []}
    assert not (tmp_path / "none.db").exists()


def test_search_finds_the_turn_that_said_it(tmp_path: Path) -> None:
    banks = write_tiny_bank(tmp_path / "banks")
    db = tmp_path / "t.db"
    practise(db, banks, "Ann", "I would apologise sincerely")
    practise(db, banks, "Bea", "I would listen")
    found = json.loads(run("--db", str(db), "transcripts", "search", "sincerely", "--json").output)
    assert [(t["learner"], t["kind"]) for t in found["turns"]] == [("Ann", "answer")]
    odd = run("--db", str(db), "transcripts", "search", 'NEAR( "zzz" (*')
    assert odd.exit_code == 0 and "No matching turns" in odd.output


def test_show_of_an_unknown_session_is_one_line(tmp_path: Path) -> None:
    banks = write_tiny_bank(tmp_path / "banks")
    db = tmp_path / "t.db"
    practise(db, banks, "Ann", "listen")
    result = run("--db", str(db), "transcripts", "show", "42")
    assert result.exit_code == 1 and "no session 42" in result.output
