from __future__ import annotations

import json
from pathlib import Path

from tests.banks.bank_fixtures import write_small_bank
from tests.cli.cli_helpers import run


def test_check_is_clean_on_a_good_bank(tmp_path: Path) -> None:
    write_small_bank(tmp_path)
    result = run("bank", "check", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output


def test_check_reports_every_planted_error_with_file_and_path(tmp_path: Path) -> None:
    write_small_bank(tmp_path)
    path = tmp_path / "units" / "J-506-2132.yaml"
    text = path.read_text()
    text = text.replace("ref: J/506/2132", "ref: K/506/2132")  # wrong check letter
    text = text.replace("- id: '1.2'", "- id: '1.1'")  # duplicate criterion id
    text = text.replace("    - text: repeat business", "    - text: meet customer needs", 1)
    path.write_text(text)
    result = run("bank", "check", str(tmp_path), "--json")
    assert result.exit_code == 1
    problems = json.loads(result.output)["problems"]
    found = {(p["path"], p["message"]) for p in problems}
    assert ("unit K/506/2132", "check letter K is wrong for 506/2132: expected J") in found
    assert any(p == "unit K/506/2132 criterion 1.1" and "used 2 times" in m for p, m in found)
    assert any("point 2" in p and "same as point 1" in m for p, m in found)
    assert any("unit J/506/2132 is not in the bank" in m for _, m in found)
    assert all(p["file"].endswith(".yaml") for p in problems)


def test_stats_counts_coverage_per_qualification(tmp_path: Path) -> None:
    write_small_bank(tmp_path)
    result = run("bank", "stats", str(tmp_path), "--json")
    assert result.exit_code == 0, result.output
    (qualification,) = json.loads(result.output)["qualifications"]
    assert qualification["number"] == "601/3973/0"
    assert qualification["units"] == 1
    assert qualification["outcomes"] == 2
    assert qualification["criteria"] == 3
    assert qualification["knowledge_criteria"] == 2
    assert qualification["target_criteria"] == 2
    assert qualification["with_question"] == 1
    assert qualification["with_rubric"] == 1
    assert qualification["complete"] == 1


def test_check_on_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    result = run("bank", "check", str(tmp_path / "nope"))
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
