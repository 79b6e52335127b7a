from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from tests.banks.bank_fixtures import (
    DAMAGED_FILE,
    DAMAGED_UNIT,
    PURPOSE_QUESTION,
    copy_shipped_banks,
    cut_short,
    open_a_quote,
    repeat_first_criterion_id,
    small_unit,
    write_small_bank,
)
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
    assert ("unit K/506/2132", "duplicate criterion 1.1") in found
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


REVOKED_HINT = "Think about what the Unfair Trading Regulations say about how you sell."


def _bank_with_hint(root: Path, hint: str) -> Path:
    """The small bank, complete enough for --strict, with this hint to its one question."""
    unit = small_unit((replace(PURPOSE_QUESTION, hint=hint),))
    outcome = unit.outcomes[0]
    untargeted = replace(outcome.criteria[1], target=False)
    outcomes = (replace(outcome, criteria=(outcome.criteria[0], untargeted)), *unit.outcomes[1:])
    return write_small_bank(root, replace(unit, outcomes=outcomes))


def _bank_naming_a_revoked_law(root: Path) -> Path:
    """The small bank with a hint that teaches the Regulations revoked in April 2025."""
    return _bank_with_hint(root, REVOKED_HINT)


def test_check_warns_of_a_revoked_law_with_its_line_and_still_passes(tmp_path: Path) -> None:
    path = _bank_naming_a_revoked_law(tmp_path) / "units" / "J-506-2132.yaml"
    result = run("bank", "check", str(tmp_path))
    assert result.exit_code == 0, result.output
    line = _line_of(path, f"      hint: {REVOKED_HINT}")
    (warning,) = [o for o in result.output.splitlines() if "warning:" in o]
    where, said = warning.split(": ", 1)
    assert where == f"{tmp_path.name}/units/J-506-2132.yaml:{line}"
    assert said.startswith(
        "unit J/506/2132 criterion 1.1 question q1: warning: the hint names the Consumer "
        "Protection from Unfair Trading Regulations 2008, revoked on 6 April 2025: name the "
        "Digital Markets, Competition and Consumers Act 2024"
    )
    assert result.output.splitlines()[-1].endswith(": 1 warning(s)")


def test_strict_check_fails_on_a_revoked_law(tmp_path: Path) -> None:
    current = _bank_with_hint(tmp_path / "current", PURPOSE_QUESTION.hint)
    assert run("bank", "check", str(current), "--strict").exit_code == 0
    revoked = _bank_naming_a_revoked_law(tmp_path / "revoked")
    result = run("bank", "check", str(revoked), "--strict", "--json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["ok"] is False
    (problem,) = report["problems"]
    assert problem["severity"] == "warning"
    assert problem["path"] == "unit J/506/2132 criterion 1.1 question q1"
    assert problem["message"].startswith("the hint names the Consumer Protection from Unfair")


def test_check_on_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    result = run("bank", "check", str(tmp_path / "nope"))
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "Traceback" not in result.output


# --- damaged copies of the shipped banks ------------------------------------------------


def _line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def _cut_short(banks: Path) -> list[str]:
    """Cut the unit file short; the refusal every command gives."""
    path = banks / "units" / DAMAGED_FILE.name
    cut_short(path)
    return [
        f"{DAMAGED_FILE}:{_line_of(path, 'specification:')}: unit {DAMAGED_UNIT}: the "
        "specification part does not match its digest (23 criteria expected, 1 found) — "
        "restore the file or re-run tutor import"
    ]


def _repeat_an_id(banks: Path) -> list[str]:
    path = banks / "units" / DAMAGED_FILE.name
    line = repeat_first_criterion_id(path)
    return [
        f"{DAMAGED_FILE}:{_line_of(path, 'specification:')}: unit {DAMAGED_UNIT}: the "
        "specification part does not match its digest (the ids or wording of its outcomes, "
        "criteria or guidance changed) — restore the file or re-run tutor import",
        f"{DAMAGED_FILE}:{line}: unit {DAMAGED_UNIT}: duplicate criterion 1.1 — fix the file "
        "or run tutor bank check",
    ]


def _break_the_yaml(banks: Path) -> list[str]:
    path = banks / "units" / DAMAGED_FILE.name
    line = open_a_quote(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    closed = next(n for n, text in enumerate(lines, 1) if n > line and '"' in text)
    return [
        f"{DAMAGED_FILE}:{line}: invalid YAML: the quote opened on this line is closed only "
        f"on line {closed}; close it on this line — fix the file or run tutor bank check"
    ]


DAMAGE = [
    pytest.param(_cut_short, id="cut-short"),
    pytest.param(_repeat_an_id, id="repeated-id"),
    pytest.param(_break_the_yaml, id="invalid-yaml"),
]


def test_check_names_the_line_of_each_problem(tmp_path: Path, warm_cache: Path) -> None:
    banks = copy_shipped_banks(tmp_path)
    expected = _repeat_an_id(banks)
    result = run("bank", "check", str(banks))
    assert result.exit_code == 1
    problems = [e.removesuffix(" — fix the file or run tutor bank check") for e in expected]
    # The problems, then the marked responses' report (pinned in test_marked_responses).
    lines = result.stdout.splitlines()
    assert lines[: len(problems)] == problems
    assert any(line.startswith("marked responses: ") for line in lines[len(problems) :])
    assert result.stderr == "73 units, 6 qualifications: 2 problem(s)\n"


def test_check_finds_a_unit_file_cut_short(tmp_path: Path, warm_cache: Path) -> None:
    banks = copy_shipped_banks(tmp_path)
    expected = _cut_short(banks)
    result = run("bank", "check", str(banks), "--json")
    assert result.exit_code == 1
    (problem,) = json.loads(result.stdout)["problems"]
    assert problem["file"] == str(DAMAGED_FILE)
    assert problem["message"] == (
        "the specification part does not match its digest (23 criteria expected, 1 found)"
    )
    assert f"{problem['file']}:{problem['line']}: unit {DAMAGED_UNIT}" in expected[0]


def test_stats_on_a_unit_file_cut_short_says_so_and_fails(tmp_path: Path) -> None:
    banks = copy_shipped_banks(tmp_path)
    expected = _cut_short(banks)
    result = run("bank", "stats", str(banks))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == expected


@pytest.mark.parametrize("damage", DAMAGE)
@pytest.mark.parametrize(
    "command",
    [
        pytest.param(["score", "A/506/1821 1.1", "--answer", "a standard"], id="score"),
        pytest.param(["chat", "--plain", "--learner", "Sam", "--unit", "A/506/1821"], id="chat"),
        pytest.param(["progress", "--learner", "Sam"], id="progress"),
    ],
)
def test_commands_refuse_a_damaged_bank_one_line_per_problem(
    tmp_path: Path, damage, command: list[str]
) -> None:
    banks = copy_shipped_banks(tmp_path)
    expected = damage(banks)
    result = run("--banks", str(banks), *command)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"tutor: {expected[0]}", *expected[1:]]


def test_export_refuses_a_bank_damaged_since_the_session(tmp_path: Path) -> None:
    banks = copy_shipped_banks(tmp_path)
    script = "customers come back because we meet their needs\n\n\n"
    session = run(
        "--banks", str(banks), "chat", "--plain", "--learner", "Sam",
        "--criteria", f"{DAMAGED_UNIT} 1.1", "--limit", "1", "--seed", "1", input=script,
    )  # fmt: skip
    assert session.exit_code == 0, session.output
    expected = _cut_short(banks)
    result = run("--banks", str(banks), "export", "1", "--format", "json")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"tutor: {expected[0]}"]
    assert not (tmp_path / "exports").exists()
