"""Loading a damaged bank: every problem with its file and line, and a refusal to run on it.

Each test damages a copy of the shipped banks the way files really get damaged: cut short,
an id pasted twice, a quote or bracket left open, wording edited outside the import.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.banks.bank_fixtures import (
    DAMAGED_FILE,
    DAMAGED_UNIT,
    copy_shipped_banks,
    cut_short,
    open_a_bracket,
    open_a_quote,
    repeat_first_criterion_id,
    small_unit,
)
from tutor.banks.cache import open_bank
from tutor.banks.files import load_bank, write_unit
from tutor.banks.problems import BrokenBank, sound_bank

DIGEST_REMEDY = "restore the file or re-run tutor import"


@pytest.fixture
def banks(tmp_path: Path) -> Path:
    return copy_shipped_banks(tmp_path)


def _line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def test_a_repeated_criterion_id_is_reported_on_the_line_of_the_repeat(banks: Path) -> None:
    line = repeat_first_criterion_id(banks / "units" / DAMAGED_FILE.name)
    _, problems = load_bank(banks)
    duplicate = [str(p) for p in problems if "duplicate" in p.message]
    assert duplicate == [f"{DAMAGED_FILE}:{line}: unit {DAMAGED_UNIT}: duplicate criterion 1.1"]


@pytest.mark.parametrize("damage", [open_a_quote, open_a_bracket])
def test_invalid_yaml_is_reported_on_the_line_of_the_mistake(banks: Path, damage) -> None:
    line = damage(banks / "units" / DAMAGED_FILE.name)
    _, problems = load_bank(banks)
    (problem,) = problems
    assert (problem.file, problem.line) == (str(DAMAGED_FILE), line)
    assert problem.message.startswith("invalid YAML: ")


def test_a_unit_file_cut_short_does_not_match_its_digest(banks: Path) -> None:
    path = banks / "units" / DAMAGED_FILE.name
    cut_short(path)
    bank, problems = load_bank(banks)
    assert len(bank.unit(DAMAGED_UNIT).criteria()) == 1  # still valid YAML, still a unit
    assert [str(p) for p in problems] == [
        f"{DAMAGED_FILE}:{_line_of(path, 'specification:')}: unit {DAMAGED_UNIT}: the "
        "specification part does not match its digest (23 criteria expected, 1 found) — "
        f"{DIGEST_REMEDY}"
    ]


def test_criterion_wording_edited_outside_the_import_does_not_match_its_digest(
    banks: Path,
) -> None:
    path = banks / "units" / DAMAGED_FILE.name
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Define the term 'service offer'", "Define 'offer'"), "utf-8")
    _, problems = load_bank(banks)
    assert [p.message for p in problems] == [
        "the specification part does not match its digest (the ids or wording of its "
        "outcomes, criteria or guidance changed)"
    ]


def test_a_written_unit_carries_its_digest_and_reads_back_clean(tmp_path: Path) -> None:
    path = write_unit(small_unit(), tmp_path)
    text = path.read_text(encoding="utf-8")
    assert f"specification:\n  criteria: 3\n  sha256: {small_unit().specification_digest}\n" in (
        text
    )
    assert load_bank(tmp_path)[1] == []


def test_questions_are_not_part_of_the_digest(tmp_path: Path) -> None:
    path = write_unit(small_unit(), tmp_path)
    edited = path.read_text(encoding="utf-8").replace("Think about what happens", "Consider")
    path.write_text(edited, encoding="utf-8")
    assert load_bank(tmp_path)[1] == []


def test_a_broken_bank_is_refused_with_one_line_per_problem(banks: Path) -> None:
    path = banks / "units" / DAMAGED_FILE.name
    cut_short(path)
    line = _line_of(path, "specification:")
    with pytest.raises(BrokenBank) as refused:
        sound_bank(*load_bank(banks))
    assert str(refused.value).splitlines() == [
        f"{DAMAGED_FILE}:{line}: unit {DAMAGED_UNIT}: the specification part does not match "
        f"its digest (23 criteria expected, 1 found) — {DIGEST_REMEDY}"
    ]


def test_a_broken_bank_is_refused_through_the_cache_too(banks: Path, tmp_path: Path) -> None:
    line = repeat_first_criterion_id(banks / "units" / DAMAGED_FILE.name)
    for _ in range(2):  # read from the files, then from the cached copy
        with pytest.raises(BrokenBank) as refused:
            open_bank(banks, tmp_path / "cache")
        assert (
            f"{DAMAGED_FILE}:{line}: unit {DAMAGED_UNIT}: duplicate criterion 1.1 — fix the "
            "file or run tutor bank check"
        ) in str(refused.value).splitlines()
