"""The warning for a revoked law named as current: where it looks, what it reports, and the
list it reads (a bank's own revoked.yaml, else the shipped one)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from tests.banks.bank_fixtures import PURPOSE_QUESTION, small_unit, write_small_bank
from tests.conftest import SHIPPED_BANKS
from tutor.banks.files import load_bank
from tutor.banks.model import Criterion, Question, RubricPoint, Unit
from tutor.banks.problems import WARNING, Problem
from tutor.banks.revoked import (
    REVOKED_FILE,
    RevokedInstrument,
    read_revoked,
    revoked_law_in_bank,
    revoked_list,
)

ONE_LAW = """\
- name: Consumer Protection from Unfair Trading Regulations 2008
  patterns: ['Unfair Trading Regulations', '(?-i:\\bCPRs\\b)']
  revoked: 2025-04-06
  replaced_by: Digital Markets, Competition and Consumers Act 2024
"""

# Long enough that the bank file wraps it, so that the law's name falls on a later line.
SOLD_FAIRLY = (
    "Good service meets customer needs, so customers come back, which means repeat business, "
    "and happy customers recommend us, because word of mouth builds our reputation, and we "
    "sell fairly, because the Unfair Trading Regulations ban misleading or aggressive selling."
)


def _question(**changes: object) -> Question:
    return replace(PURPOSE_QUESTION, **changes)


def _with_point(text: str, alternatives: tuple[str, ...] = ()) -> Question:
    rubric = PURPOSE_QUESTION.rubric
    points = (*rubric.points, RubricPoint(text, alternatives))
    return _question(rubric=replace(rubric, points=points))


def _bank(root: Path, question: Question, unit: Unit | None = None) -> Path:
    write_small_bank(root, unit or small_unit((question,)))
    (root / REVOKED_FILE).write_text(ONE_LAW, encoding="utf-8")
    return root


def _warnings(root: Path) -> list[Problem]:
    bank, problems = load_bank(root)
    assert problems == []
    return revoked_law_in_bank(bank, root)


def _line_of(path: Path, words: str) -> int:
    return next(
        n
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if words in line
    )


def test_a_revoked_law_in_a_model_answer_is_reported_on_the_line_that_names_it(
    tmp_path: Path,
) -> None:
    root = _bank(tmp_path, _question(model_answer=SOLD_FAIRLY))
    file = root / "units" / "J-506-2132.yaml"
    (warning,) = _warnings(root)
    assert warning.severity == WARNING
    assert warning.file.endswith("units/J-506-2132.yaml")
    assert warning.path == "unit J/506/2132 criterion 1.1 question q1"
    assert warning.line == _line_of(file, "Unfair")
    assert warning.line != _line_of(file, "model_answer:")
    assert str(warning) == (
        f"{warning.file}:{warning.line}: unit J/506/2132 criterion 1.1 question q1: warning: "
        "the model answer names the Consumer Protection from Unfair Trading Regulations 2008, "
        "revoked on 6 April 2025: name the Digital Markets, Competition and Consumers Act 2024 "
        "instead"
    )


def test_a_name_broken_over_two_lines_is_reported_on_the_line_it_starts(tmp_path: Path) -> None:
    root = _bank(tmp_path, _question(model_answer=SOLD_FAIRLY))
    file = root / "units" / "J-506-2132.yaml"
    text = file.read_text(encoding="utf-8")
    # Break the name where an author's editor might: inside it, at the end of a line.
    broken = text.replace("Unfair Trading Regulations", "Unfair\n        Trading Regulations")
    assert broken != text
    file.write_text(broken, encoding="utf-8")
    (warning,) = _warnings(root)
    assert warning.line == _line_of(file, "Unfair")


@pytest.mark.parametrize(
    ("question", "label"),
    [
        (_question(text="What do the Unfair Trading Regulations ban?"), "the question"),
        (_question(hint="Think of the Unfair Trading Regulations."), "the hint"),
        (
            _question(follow_ups=("What do happy customers do?", "What do the CPRs ban?")),
            "follow-up 2",
        ),
        (_with_point("Unfair Trading Regulations ban misleading selling"), "point 4"),
    ],
)
def test_every_text_the_bank_writes_is_checked(
    tmp_path: Path, question: Question, label: str
) -> None:
    (warning,) = _warnings(_bank(tmp_path, question))
    assert warning.message.startswith(f"{label} names the Consumer Protection")


def test_a_revoked_law_among_a_points_alternatives_is_not_reported(tmp_path: Path) -> None:
    question = _with_point(
        "Digital Markets, Competition and Consumers Act 2024",
        ("DMCC Act", "Unfair Trading Regulations", "CPRs"),
    )
    assert _warnings(_bank(tmp_path, question)) == []


def test_the_specifications_guidance_is_not_checked(tmp_path: Path) -> None:
    unit = small_unit()
    outcome = unit.outcomes[0]
    criterion: Criterion = replace(
        outcome.criteria[0],
        guidance=("Legislation: The Consumer Protection from Unfair Trading Regulations 2008",),
    )
    unit = replace(unit, outcomes=(replace(outcome, criteria=(criterion,)), *unit.outcomes[1:]))
    assert _warnings(_bank(tmp_path, PURPOSE_QUESTION, unit)) == []


def test_an_abbreviation_marked_case_sensitive_is_not_found_in_other_words(
    tmp_path: Path,
) -> None:
    # "CPR" is first aid; only "CPRs" in capitals is the Regulations.
    question = _question(hint="Think of the first aider who knows CPR, and the cprs of a lung.")
    assert _warnings(_bank(tmp_path, question)) == []


def test_a_bank_without_its_own_list_is_checked_against_the_shipped_one(tmp_path: Path) -> None:
    root = write_small_bank(tmp_path, small_unit((_question(model_answer=SOLD_FAIRLY),)))
    assert revoked_list(root) == SHIPPED_BANKS / REVOKED_FILE
    (warning,) = _warnings(root)
    assert "Consumer Protection from Unfair Trading Regulations 2008" in warning.message


def test_a_single_unit_file_is_checked_against_its_banks_list(tmp_path: Path) -> None:
    root = _bank(tmp_path, _question(model_answer=SOLD_FAIRLY))
    file = root / "units" / "J-506-2132.yaml"
    assert revoked_list(file) == root / REVOKED_FILE
    bank, _ = load_bank(file)
    (warning,) = revoked_law_in_bank(bank, file)
    assert warning.line == _line_of(file, "Unfair")


def test_each_mistake_in_the_list_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / REVOKED_FILE
    path.write_text(
        ONE_LAW + "- name: Payment Services Regulations 2009\n"
        "  patterns: ['Payment Services (Regulations 2009']\n"
        "  revoked: 13 January 2018\n"
        "  replaced_by: Payment Services Regulations 2017\n"
        "  replced: typo\n",
        encoding="utf-8",
    )
    instruments, problems = read_revoked(path)
    assert [i.name for i in instruments] == [
        "Consumer Protection from Unfair Trading Regulations 2008"
    ]
    found = {(p.line, p.path, p.message.split(":")[0]) for p in problems}
    assert found == {
        (
            6,
            "instrument 2",
            "pattern 'Payment Services (Regulations 2009' is not a regular expression",
        ),
        (7, "instrument 2", "'revoked' should be a date such as 2025-04-06, not '13 January 2018'"),
        (9, "instrument 2", "unknown key 'replced' (a typo?)"),
    }


def test_a_list_that_is_not_yaml_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / REVOKED_FILE
    path.write_text(ONE_LAW + "- name: [unclosed\n", encoding="utf-8")
    instruments, (problem,) = read_revoked(path)
    assert instruments == []
    assert problem.line == 5 and problem.message.startswith("invalid YAML")


def test_a_law_replaced_only_in_part_says_for_what() -> None:
    sale_of_goods = RevokedInstrument(
        name="Sale of Goods Act 1979",
        patterns=(),
        revoked=date(2015, 10, 1),
        replaced_by="Consumer Rights Act 2015",
        scope="consumer contracts",
    )
    assert sale_of_goods.advice == (
        "the Sale of Goods Act 1979, replaced for consumer contracts on 1 October 2015: "
        "name the Consumer Rights Act 2015 instead"
    )


# --- the shipped list ------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> list[RevokedInstrument]:
    instruments, problems = read_revoked(SHIPPED_BANKS / REVOKED_FILE)
    assert problems == []
    return instruments


def _named(instruments: list[RevokedInstrument], text: str) -> list[str]:
    return [i.name for i in instruments if i.named_in(text)]


@pytest.mark.parametrize(
    ("text", "law"),
    [
        (
            "The Consumer Protection from Unfair Trading Regulations 2008 ban it.",
            "Consumer Protection from Unfair Trading Regulations 2008",
        ),
        (
            "the unfair trading regulations stop misleading offers",
            "Consumer Protection from Unfair Trading Regulations 2008",
        ),
        (
            "the CPRs ban pressure selling",
            "Consumer Protection from Unfair Trading Regulations 2008",
        ),
        ("the Payment Services Regulations 2009", "Payment Services Regulations 2009"),
        ("Under the Data Protection Act 1998", "Data Protection Act 1998"),
        ("Under GDPR I keep it confidential", "EU GDPR (Regulation (EU) 2016/679)"),
        ("the Sale of Goods Act says", "Sale of Goods Act 1979"),
        ("the Disability Discrimination Act means", "Disability Discrimination Act 1995"),
        (
            "the Distance Selling Regulations give",
            "Consumer Protection (Distance Selling) Regulations 2000",
        ),
        (
            "RIDDOR 1995 says",
            "Reporting of Injuries, Diseases and Dangerous Occurrences Regulations 1995",
        ),
    ],
)
def test_the_shipped_list_finds_the_old_names(
    shipped: list[RevokedInstrument], text: str, law: str
) -> None:
    assert _named(shipped, text) == [law]


@pytest.mark.parametrize(
    "text",
    [
        "The Digital Markets, Competition and Consumers Act 2024 bans unfair commercial practices.",
        "UK GDPR and the Data Protection Act 2018 apply, and the Data (Use and Access) Act 2025.",
        "The Payment Services Regulations 2017 cover taking payments.",
        "The Consumer Contracts Regulations 2013 give 14 days; distance selling needs care.",
        "RIDDOR 2013 and the Equality Act 2010.",
        "The first aider gives CPR; misleading claims break the unfair trading rules.",
    ],
)
def test_the_shipped_list_leaves_current_law_alone(
    shipped: list[RevokedInstrument], text: str
) -> None:
    assert _named(shipped, text) == []
