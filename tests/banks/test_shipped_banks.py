"""The shipped question banks: valid, complete where written, and their rubrics self-test.

These read only the checkout's question_banks/, so they run wherever the product does.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import SHIPPED_BANKS
from tutor.banks.files import unit_file_name
from tutor.banks.importers.merge import import_specs
from tutor.banks.model import Bank
from tutor.banks.problems import YAML_LOADER
from tutor.banks.revoked import REVOKED_FILE, check_revoked, read_revoked
from tutor.banks.stats import coverage, is_complete
from tutor.banks.validate import check_bank
from tutor.scoring import score_answer
from tutor.scoring.response_cache import check_responses
from tutor.scoring.selftest import self_test_unit
from tutor.scoring.specificity import bank_vocabulary

# One self-test per unit file, named at collection without loading the bank, so the slowest
# check of the suite spreads over the test workers.
UNIT_FILES = sorted(path.name for path in (SHIPPED_BANKS / "units").glob("*.yaml"))
SEED_QUALIFICATIONS = {"601/3973/0", "601/3577/3", "603/5637/6", "601/5358/1", "601/5359/3"}
# Pearson's BTEC Level 3 Diploma: its text prints no number, so it is held by its title.
PEARSON_L3 = "Pearson BTEC Level 3 Diploma in Customer Service"


@pytest.fixture
def bank(shipped_bank: Bank) -> Bank:
    return shipped_bank


def test_shipped_banks_have_no_structural_problems(bank: Bank) -> None:
    assert [str(p) for p in check_bank(bank)] == []


def test_every_shipped_unit_file_carries_the_digest_of_its_specification_part(bank: Bank) -> None:
    for ref, unit in bank.units.items():
        path = SHIPPED_BANKS / "units" / unit_file_name(ref)
        # libyaml where installed, as the bank loader reads them: 73 files, seconds faster.
        written = yaml.load(path.read_text(encoding="utf-8"), YAML_LOADER)["specification"]
        assert written == {"criteria": len(unit.criteria()), "sha256": unit.specification_digest}


def test_every_seed_qualification_is_shipped_with_all_its_units(bank: Bank) -> None:
    per_qualification, _ = coverage(bank)
    assert {c.number or c.title for c in per_qualification} == SEED_QUALIFICATIONS | {PEARSON_L3}
    assert all(c.missing_units == 0 for c in per_qualification)
    (pearson_l3,) = (q for q in bank.qualifications if q.title == PEARSON_L3)
    assert pearson_l3.number == "" and "the number is not in the source" in pearson_l3.note
    assert len(pearson_l3.unit_refs) == 31


def test_every_written_question_is_complete(bank: Bank) -> None:
    incomplete = [
        f"{ref} {criterion.id}"
        for ref, unit in bank.units.items()
        for _, criterion in unit.criteria()
        if criterion.questions and not is_complete(criterion)
    ]
    assert incomplete == []


def test_every_unit_of_the_bank_has_its_own_file(bank: Bank) -> None:
    assert sorted(unit_file_name(ref) for ref in bank.units) == UNIT_FILES


@pytest.mark.parametrize("file_name", UNIT_FILES)
def test_every_rubric_scores_its_model_answer_met_and_parroting_not_met(
    bank: Bank, file_name: str
) -> None:
    ref = next(ref for ref in bank.units if unit_file_name(ref) == file_name)
    assert [str(p) for p in self_test_unit(bank, ref)] == []


# What the shipped rubrics have reached against the blind responses (issue 15: 67.6% and
# 342 questions before the first repair). Raise them as the rubrics are repaired; at 95% and
# every question, AGREEMENT_REQUIRED turns --strict on them.
SHIPPED_AGREEMENT_PERCENT = 78.5
SHIPPED_QUESTIONS_AGREEING = 585


def test_the_shipped_marked_responses_meet_what_strict_asks(
    bank: Bank, shipped_cache: Path
) -> None:
    check = check_responses(bank, SHIPPED_BANKS, shipped_cache)
    assert [str(p) for p in check.shortfalls(SHIPPED_BANKS.name)] == []
    questions = sum(len(c.questions) for unit in bank.units.values() for _, c in unit.criteria())
    assert check.overall.questions == questions
    # J/502/4397 was restored to Pearson's Level 3 wording (errata.yaml): these questions'
    # responses were written for the Level 2 wording (3.4 q2 was 3.3's) and wait to be
    # written again, blind.
    waiting = {f"{q.unit} {q.criterion} {q.question}" for q in check.questions if not q.marked}
    reworded = ("1.2 q1", "2.1 q1", "2.2 q1", "3.1 q1", "3.3 q1", "3.4 q2")
    assert waiting == {f"J/502/4397 {q}" for q in reworded}
    assert all(len(q.marked) >= 6 for q in check.questions if q.marked)
    # Each qualification's tally is named, the one without a number by its title.
    assert sorted(check.by_qualification) == sorted(q.key for q in bank.qualifications)
    assert all(check.by_qualification)
    assert 100 * check.overall.agreeing / check.overall.total >= SHIPPED_AGREEMENT_PERCENT
    assert sum(q.agreeing_enough for q in check.questions) >= SHIPPED_QUESTIONS_AGREEING


def test_the_shipped_responses_are_judged_by_a_fresh_scorer_as_kept(
    bank: Bank, shipped_cache: Path
) -> None:
    """The kept judgements the test above reads are the scorer's own: a sample scored
    afresh agrees with them."""
    check = check_responses(bank, SHIPPED_BANKS, shipped_cache)
    sample = check.questions[::50]
    for question in sample:
        for marked in question.marked:
            unit = bank.unit(marked.unit)
            criterion = unit.criterion(marked.criterion) if unit else None
            assert criterion is not None
            asked = next(q for q in criterion.questions if q.id == marked.question)
            score = score_answer(
                marked.response.text,
                asked.rubric,
                criterion.verb,
                (asked.text, criterion.text),
                bank_vocabulary(bank),
            )
            assert score.judgement == marked.judged


def test_reimporting_the_seeds_over_the_shipped_banks_changes_nothing(
    seeds_dir: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "question_banks"
    shutil.copytree(SHIPPED_BANKS, copy)
    import_specs(sorted(seeds_dir.glob("*.txt")), copy)
    changed = [
        str(path.relative_to(copy))
        for path in sorted(copy.rglob("*.yaml"))
        if path.read_bytes() != (SHIPPED_BANKS / path.relative_to(copy)).read_bytes()
    ]
    assert changed == []


def test_every_target_criterion_has_a_complete_question(bank: Bank) -> None:
    per_qualification, whole_bank = coverage(bank)
    assert {c.number: c.complete for c in per_qualification} == {
        c.number: c.target_criteria for c in per_qualification
    }
    assert whole_bank.complete == whole_bank.target_criteria > 600


def test_no_shipped_question_names_a_revoked_law_as_current(bank: Bank) -> None:
    instruments, problems = read_revoked(SHIPPED_BANKS / REVOKED_FILE)
    assert problems == [] and instruments
    assert [str(p) for p in check_revoked(bank, instruments)] == []


@pytest.mark.parametrize(
    "answer",
    [
        "The Consumer Protection from Unfair Trading Regulations ban misleading selling.",
        "The Unfair Trading Regulations stop us misleading anyone.",
        "The Digital Markets, Competition and Consumers Act covers how we treat people.",
        "The DMCC Act bans fake reviews and drip pricing.",
    ],
)
def test_the_law_on_unfair_practices_is_credited_by_its_old_name_and_its_new(
    bank: Bank, answer: str
) -> None:
    # L/503/0394 4.1's rubric point is the law itself: a learner may still name the revoked
    # Regulations for the right idea, or the Act that replaced them.
    criterion = bank.units["L/503/0394"].criterion("4.1")
    assert criterion is not None
    question = criterion.questions[0]
    result = score_answer(answer, question.rubric, criterion.verb, (question.text, criterion.text))
    law = result.points[1]
    assert law.text.startswith("Digital Markets, Competition and Consumers Act 2024")
    assert law.matched
