"""The plain chat shows the machine's judgement as points covered of points needed, on all
the answers to a question, and the learner declares in their own turn before the assessor
decides."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli.cli_helpers import chat_plain
from tests.sessions.session_fixtures import COMPLAINTS, write_tiny_bank


@pytest.fixture
def banks(tmp_path: Path) -> Path:
    return write_tiny_bank(tmp_path / "banks")


def rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def assess(db: Path, banks: Path, script: list[str]) -> str:
    result = chat_plain(
        db,
        banks,
        "--seed",
        "1",
        "--learner",
        "Ann",
        "--criteria",
        COMPLAINTS,
        "--mode",
        "assessment",
        "--assessor",
        "Bob",
        input="\n".join(script) + "\n",
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_practice_feedback_gives_the_judgement_on_every_answer_so_far(
    tmp_path: Path, banks: Path
) -> None:
    script = ["I would hear them out", "/followup", "then I'd say sorry", ""]
    result = chat_plain(
        tmp_path / "t.db",
        banks,
        "--learner",
        "Ann",
        "--criteria",
        COMPLAINTS,
        input="\n".join(script) + "\n",
    )
    assert result.exit_code == 0, result.output
    judgements = [line for line in result.output.splitlines() if line.startswith("Judgement:")]
    assert judgements == ["Judgement: Partly met · 1 of 2 points", "Judgement: Met · 2 of 2 points"]
    covered = [line for line in result.output.splitlines() if line.startswith("Covered:")]
    assert covered[-1].startswith("Covered: listen (“hear, out”, an earlier answer); apologise")
    assert "score 0." not in result.output and "%" not in result.output


def test_the_learner_declares_before_the_assessor_decides(tmp_path: Path, banks: Path) -> None:
    db = tmp_path / "t.db"
    output = assess(
        db,
        banks,
        [
            "I would hear them out",
            "/followup",
            "then I'd say sorry",
            "",
            "",  # a blank name is no declaration: asked again
            "Ann Learner",
            "not yet met",
            "did not say how to put it right",
            "Listened and apologised",
            "Say how you would put it right",
            "Bob Assessor",
        ],
    )
    assert "Learner's declaration: “I confirm that the answers" in output
    assert f"Decision for {COMPLAINTS} (machine, on all 2 answers: Met · 2 of 2 points):" in output
    assert "score 0." not in output
    turns = rows(db, "SELECT kind, actor, text FROM turns ORDER BY seq")
    kinds = [kind for kind, _, _ in turns]
    assert kinds.index("declaration") < kinds.index("decision")
    declarations = [(actor, text) for kind, actor, text in turns if kind == "declaration"]
    assert [actor for actor, _ in declarations] == ["learner", "assessor"]
    assert rows(db, "SELECT kind, name FROM declarations ORDER BY id") == [
        ("authenticity", "Ann Learner"),
        ("countersign", "Bob Assessor"),
    ]


def test_a_learner_may_leave_the_declaration_unmade(tmp_path: Path, banks: Path) -> None:
    db = tmp_path / "t.db"
    output = assess(
        db,
        banks,
        ["I would hear them out", "", "/skip", "met", "fine", "", "", "Bob Assessor"],
    )
    assert "Declaration not made" in output
    assert rows(db, "SELECT kind, name FROM declarations") == [("countersign", "Bob Assessor")]
