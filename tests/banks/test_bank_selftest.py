from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner

from tests.banks.bank_fixtures import PURPOSE_QUESTION, small_unit, write_small_bank
from tutor.banks.files import load_bank
from tutor.cli import main
from tutor.scoring.selftest import self_test


def test_a_sound_question_passes_its_self_tests(tmp_path: Path) -> None:
    bank, _ = load_bank(write_small_bank(tmp_path))
    assert self_test(bank) == []


def test_a_model_answer_that_misses_the_rubric_is_reported(tmp_path: Path) -> None:
    weak = replace(PURPOSE_QUESTION, model_answer="It is important to be nice to people.")
    bank, _ = load_bank(write_small_bank(tmp_path, small_unit((weak,))))
    (problem,) = self_test(bank)
    assert problem.path == "unit J/506/2132 criterion 1.1 question q1"
    assert "model answer scores" in problem.message


def test_strict_check_fails_on_missing_content(tmp_path: Path) -> None:
    write_small_bank(tmp_path)
    result = CliRunner().invoke(main, ["bank", "check", str(tmp_path), "--strict"])
    assert result.exit_code == 1
    assert "unit J/506/2132 criterion 1.2: target criterion has no question" in result.output
