"""`tutor export` and `tutor export --coverage` from the command line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from tutor.cli import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("fmt", ["md", "html", "pdf", "json", "csv"])
def test_export_writes_each_format_to_the_exports_folder(sessions, fmt: str) -> None:
    code, out, err = run(
        "--db", str(sessions.db), "--banks", str(sessions.banks),
        "export", str(sessions.assessment), "--format", fmt,
    )  # fmt: skip
    assert code == 0, err
    written = Path(out.removeprefix("Wrote ").strip())
    assert written.name == f"2026-11-02_sam-patel_J-506-2132_session-1_assessment.{fmt}"
    assert written.stat().st_size > 0


def test_out_names_the_file_and_its_extension_the_format(sessions, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run("--db", str(sessions.db), "export", "2", "--out", "log.html")
    assert code == 0, err
    assert (tmp_path / "log.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_an_existing_file_is_refused_in_one_line_until_force(sessions, tmp_path) -> None:
    target = tmp_path / "record.json"
    target.write_text("mine", encoding="utf-8")
    code, _, err = run("--db", str(sessions.db), "export", "1", "--out", str(target))
    assert code == 1
    assert err.strip() == f"tutor: {target} already exists; use --force to overwrite it"
    assert target.read_text(encoding="utf-8") == "mine"
    code, _, err = run("--db", str(sessions.db), "export", "1", "--out", str(target), "--force")
    assert code == 0, err
    code, out, _ = run("verify", str(target))
    assert code == 0 and "intact" in out


def test_an_unknown_session_is_one_line(sessions) -> None:
    code, _, err = run("--db", str(sessions.db), "export", "99", "--format", "md")
    assert code == 1
    assert err.startswith("tutor: no session 99") and len(err.strip().splitlines()) == 1


def test_an_out_that_climbs_out_of_the_folder_is_refused(sessions, tmp_path, monkeypatch) -> None:
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    code, _, err = run("--db", str(sessions.db), "export", "1", "--out", "../x.md")
    assert code == 1 and "outside the export folder" in err
    assert not (tmp_path / "x.md").exists()


def test_usage_errors_exit_2(sessions) -> None:
    assert run("--db", str(sessions.db), "export", "1")[0] == 2  # no format
    assert run("--db", str(sessions.db), "export", "--coverage")[0] == 2  # no learner
    assert run("--db", str(sessions.db), "export", "1", "--format", "docx")[0] == 2


def test_coverage_lists_every_criterion_of_every_session_of_the_learner(sessions, tmp_path):
    target = tmp_path / "coverage.csv"
    code, _, err = run(
        "--db", str(sessions.db), "--banks", str(sessions.banks),
        "export", "--coverage", "--learner", "Sam Patel", "--out", str(target),
    )  # fmt: skip
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [(r["criterion"], r["session"], r["decision"]) for r in rows] == [
        ("J/506/2132 1.1", "1", "insufficient_evidence"),
        ("J/506/2132 1.2", "1", "met"),
        ("Y/506/2135 1.1", "2", ""),
    ]
    complaints = rows[1]
    assert complaints["learner"] == "Sam Patel" and complaints["unit"] == "J/506/2132"
    assert complaints["date"] == "2026-11-02" and complaints["mode"] == "assessment"
    assert complaints["evidence_reference"] == "session 1, question 1, answer at turn 3"
    assert complaints["criterion_text"] == "Describe how to handle complaints"
    assert rows[2]["machine_judgement"] == "met"


def test_coverage_of_an_unknown_learner_is_one_line(sessions) -> None:
    code, _, err = run("--db", str(sessions.db), "export", "--coverage", "--learner", "Nobody")
    assert code == 1 and "no sessions for learner 'Nobody'" in err
