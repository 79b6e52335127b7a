from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner

from tests.banks.bank_fixtures import PURPOSE_QUESTION, small_unit, write_small_bank
from tutor.banks.files import load_bank
from tutor.banks.model import Question, Unit
from tutor.banks.validate import check_bank
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


def _with_second_criterion_asking(question: Question) -> Unit:
    """The small unit with criterion 1.2 asking `question`."""
    unit = small_unit()
    first, second = unit.outcomes[0].criteria
    criteria = (first, replace(second, questions=(question,)))
    return replace(
        unit, outcomes=(replace(unit.outcomes[0], criteria=criteria), *unit.outcomes[1:])
    )


def test_a_declared_overlap_waives_only_that_pair(tmp_path: Path) -> None:
    twin = replace(PURPOSE_QUESTION, id="q2")
    bank, _ = load_bank(write_small_bank(tmp_path, _with_second_criterion_asking(twin)))
    assert {p.path for p in self_test(bank)} == {
        "unit J/506/2132 criterion 1.1 question q1",
        "unit J/506/2132 criterion 1.2 question q2",
    }
    declared = replace(twin, overlaps=("1.1",))
    bank, _ = load_bank(write_small_bank(tmp_path, _with_second_criterion_asking(declared)))
    assert {p.path for p in self_test(bank)} == {"unit J/506/2132 criterion 1.1 question q1"}


def test_an_overlap_must_name_another_criterion_of_the_unit(tmp_path: Path) -> None:
    odd = replace(PURPOSE_QUESTION, overlaps=("9.9",))
    bank, _ = load_bank(write_small_bank(tmp_path, small_unit((odd,))))
    problems = [str(p) for p in check_bank(bank)]
    assert any("overlaps names '9.9'" in p for p in problems)
