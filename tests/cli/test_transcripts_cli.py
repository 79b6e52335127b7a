from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from tests.cli.cli_helpers import chat_plain, run
from tests.sessions.session_fixtures import COMPLAINTS, FakeClock, tiny_bank, write_tiny_bank
from tutor.sessions.engine import SessionEngine
from tutor.store.queries import Store


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
    assert odd.exit_code == 1 and "No matches" in odd.output


def test_show_of_an_unknown_session_is_one_line(tmp_path: Path) -> None:
    banks = write_tiny_bank(tmp_path / "banks")
    db = tmp_path / "t.db"
    practise(db, banks, "Ann", "listen")
    result = run("--db", str(db), "transcripts", "show", "42")
    assert result.exit_code == 1 and "no session 42" in result.output


def _assessed(db: Path, banks: Path, answer: str, reason: str) -> int:
    """An ended assessment with one answer and a decision, written by the engine."""
    with Store.open(db) as store:
        engine = SessionEngine(tiny_bank(banks), store, FakeClock(), random.Random(1))
        session_id = engine.start_assessment("Cara", "Jo Khan", [COMPLAINTS])
        engine.next_question()
        engine.submit_answer(answer)
        engine.end()
        engine.record.decide(COMPLAINTS, "not_yet_met", reason)
    return session_id


def test_search_finds_other_forms_of_a_word(tmp_path: Path) -> None:
    banks = write_tiny_bank(tmp_path / "banks")
    db = tmp_path / "t.db"
    practise(db, banks, "Ann", "I log complaints and apologised")
    result = run("--db", str(db), "transcripts", "search", "complaint")
    assert result.exit_code == 0, result.output
    assert "(answer, Ann): I log complaints and apologised" in result.output
    assert run("--db", str(db), "transcripts", "search", "apologise").exit_code == 0


@pytest.mark.parametrize("query", ["😀", "£", "…"])
def test_a_query_with_no_words_says_no_matches_and_lists_nothing(
    tmp_path: Path, query: str
) -> None:
    banks = write_tiny_bank(tmp_path / "banks")
    db = tmp_path / "t.db"
    practise(db, banks, "Ann", "listen 😀 £")
    result = run("--db", str(db), "transcripts", "search", query)
    assert result.exit_code == 1
    assert result.output == f"No matches for “{query}”.\n"
    found = run("--db", str(db), "transcripts", "search", query, "--json")
    assert found.exit_code == 1 and json.loads(found.output)["turns"] == []


def test_a_price_does_not_find_a_decimal(tmp_path: Path) -> None:
    banks = write_tiny_bank(tmp_path / "banks")
    db = tmp_path / "t.db"
    practise(db, banks, "Ann", "it takes 1.5 days to put it right")
    practise(db, banks, "Bea", "a refund of £5 to say sorry")
    found = json.loads(run("--db", str(db), "transcripts", "search", "£5", "--json").output)
    assert [t["learner"] for t in found["turns"]] == ["Bea"]
    found = json.loads(run("--db", str(db), "transcripts", "search", "5", "--json").output)
    assert [t["learner"] for t in found["turns"]] == ["Bea"]
    assert run("--db", str(db), "transcripts", "search", "1.5").exit_code == 0


def test_a_decision_hit_reads_as_words_not_json(tmp_path: Path) -> None:
    banks = write_tiny_bank(tmp_path / "banks")
    db = tmp_path / "t.db"
    _assessed(db, banks, "I would listen", "no resolution offered to the customer")
    result = run("--db", str(db), "transcripts", "search", "resolution")
    assert result.exit_code == 0, result.output
    assert (
        f"(decision, Cara): Decision on {COMPLAINTS}: not yet met — "
        "no resolution offered to the customer"
    ) in result.output
    assert "{" not in result.output and "decided_at" not in result.output
    found = json.loads(run("--db", str(db), "transcripts", "search", "resolution", "--json").output)
    (turn,) = found["turns"]
    assert turn["readable"].startswith("Decision on") and json.loads(turn["text"])["reason"]


def test_search_help_says_what_the_exit_status_means() -> None:
    help_text = " ".join(run("transcripts", "search", "--help").output.split())
    assert "0 when a turn matched, 1 when none did" in help_text
    assert "complaint" in help_text and "1.5" in help_text


def test_show_escapes_bidirectional_and_invisible_characters(tmp_path: Path) -> None:
    banks = write_tiny_bank(tmp_path / "banks")
    db = tmp_path / "t.db"
    answer = "I would refund \u202e5£ dnuf\u200b\u2066x\u2069\x1b[2J"
    session_id = _assessed(db, banks, answer, "reason \u202ereversed")
    shown = run("--db", str(db), "transcripts", "show", str(session_id))
    assert shown.exit_code == 0, shown.output
    for ch in ("\u202e", "\u200b", "\u2066", "\u2069", "\x1b"):
        assert ch not in shown.output
    assert "I would refund \\u202e5£ dnuf\\u200b\\u2066x\\u2069\\x1b[2J" in shown.output
    assert "not yet met — reason \\u202ereversed" in shown.output
    found = run("--db", str(db), "transcripts", "search", "refund")
    assert "\\u202e5£" in found.output and "\u202e" not in found.output
    shown_json = run("--db", str(db), "transcripts", "show", str(session_id), "--json")
    stored = json.loads(shown_json.output)
    assert answer in [t["text"] for t in stored["turns"]]
