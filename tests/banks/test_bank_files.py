from __future__ import annotations

from pathlib import Path

import pytest

from tests.banks.bank_fixtures import small_unit, write_small_bank
from tutor.banks.files import load_bank, unit_file_name, write_qualification
from tutor.banks.model import Qualification, UnitGroup
from tutor.errors import BankError


def test_a_written_bank_reads_back_identically(tmp_path: Path) -> None:
    write_small_bank(tmp_path)
    bank, problems = load_bank(tmp_path)
    assert problems == []
    assert bank.units["J/506/2132"] == small_unit()
    assert bank.qualifications[0].unit_refs == ("J/506/2132",)


def test_question_hash_changes_when_the_rubric_changes() -> None:
    question = small_unit().criterion("1.1").questions[0]
    from dataclasses import replace

    edited = replace(question, rubric=replace(question.rubric, needed=3))
    assert edited.content_hash != question.content_hash
    assert question.content_hash == small_unit().criterion("1.1").questions[0].content_hash


def test_every_problem_in_a_file_is_reported_with_its_path(tmp_path: Path) -> None:
    write_small_bank(tmp_path)
    path = tmp_path / "units" / unit_file_name("J/506/2132")
    text = path.read_text()
    text = text.replace("kind: knowledge", "kind: knowlege", 1)
    text = text.replace("needed: 2", "needed: two", 1)
    text = text.replace("title: Principles", "titel: Principles", 1)
    path.write_text(text)
    _, problems = load_bank(tmp_path)
    messages = [str(p) for p in problems]
    assert any("unit J/506/2132 outcome 1: 'kind' should be knowledge" in m for m in messages)
    assert any(
        "criterion 1.1 question q1 rubric: 'needed' should be a whole number" in m
        for m in messages
    )
    assert any("unknown key 'titel'" in m for m in messages)
    expected_file = str(Path(tmp_path.name) / "units" / "J-506-2132.yaml")
    assert all(m.startswith(expected_file) for m in messages)


def test_broken_yaml_names_the_file_and_line(tmp_path: Path) -> None:
    write_small_bank(tmp_path)
    path = tmp_path / "units" / "J-506-2132.yaml"
    path.write_text("ref: J/506/2132\ntitle: [unclosed\n")
    _, problems = load_bank(tmp_path)
    assert len(problems) == 1
    assert "J-506-2132.yaml" in str(problems[0]) and "line" in str(problems[0])


def test_a_missing_bank_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BankError, match="no such question bank"):
        load_bank(tmp_path / "nowhere")


def test_a_folder_without_bank_files_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BankError, match="no bank files"):
        load_bank(tmp_path)


def test_a_qualification_whose_source_prints_no_number_says_so_in_a_note(tmp_path: Path) -> None:
    write_small_bank(tmp_path)
    unnumbered = Qualification(
        number="",
        title="Pearson BTEC Level 3 Diploma in Customer Service",
        awarding_body="Pearson",
        level=3,
        groups=(UnitGroup("Units in the text", units=("J/506/2132",)),),
        note="The specification's text names no qualification number.",
    )
    path = write_qualification(unnumbered, tmp_path)
    assert path.name == "pearson-btec-level-3-diploma-in-customer-service.yaml"
    assert "number:" not in path.read_text(encoding="utf-8")
    bank, problems = load_bank(tmp_path)
    assert problems == []
    assert unnumbered in bank.qualifications
    assert bank.files[unnumbered.key].endswith("qualifications/" + path.name)
    path.write_text(path.read_text(encoding="utf-8").replace("note:", "notes:"), "utf-8")
    _, problems = load_bank(tmp_path)
    assert any("'number' is missing" in str(p) for p in problems)
