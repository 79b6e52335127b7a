"""The ProQual importer: the Level 3 Diploma seed, and small texts in its flattened layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.banks.spec_helpers import text_of, unit
from tests.conftest import SEED_FILES
from tutor.banks.importers import SpecDocument, ncfe, proqual
from tutor.banks.model import OutcomeKind

# Its module fixtures are costly: every test of the module runs in one worker.
pytestmark = pytest.mark.xdist_group("import_proqual")

PROQUAL_SEED = SEED_FILES["proqual"]


@pytest.fixture(scope="module")
def seed_text(seeds_dir: Path) -> str:
    return (seeds_dir / PROQUAL_SEED).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def doc(seed_text: str) -> SpecDocument:
    return proqual.parse(seed_text, PROQUAL_SEED)


# --- the seed ------------------------------------------------------------------------------


def test_seed_holds_45_units_130_outcomes_617_criteria(doc: SpecDocument) -> None:
    assert len(doc.units) == 45
    assert sum(len(u.outcomes) for u in doc.units) == 130
    assert sum(len(u.criteria()) for u in doc.units) == 617


def test_seed_is_recognised_as_proqual_and_not_ncfe(seed_text: str) -> None:
    assert proqual.looks_like(seed_text)
    assert not ncfe.looks_like(seed_text)


def test_wrong_check_letter_is_reported_and_kept_for_the_errata(doc: SpecDocument) -> None:
    refs = [u.ref for u in doc.units]
    assert "F/502/4397" in refs and "J/502/4397" not in refs
    bespoke = unit(doc, "F/502/4397")
    # The structure table's row for the same digits and title still gives level and credit.
    assert (bespoke.title, bespoke.level, bespoke.credit) == ("Bespoke Software", 3, 4)
    (warning,) = doc.warnings  # and no "no unit page for J/502/4397": the page is there
    assert warning.unit == "F/502/4397"
    assert "check letter F" in warning.message and "lists J/502/4397" in warning.message
    assert "kept as printed" in warning.message and "errata.yaml" in warning.message


def test_qualification_and_groups(doc: SpecDocument) -> None:
    q = doc.qualification
    assert q is not None
    assert (q.number, q.title, q.awarding_body, q.level, q.min_credits) == (
        "601/3577/3",
        "ProQual Level 3 Diploma in Customer Service",
        "ProQual",
        3,
        55,
    )
    groups = {g.name: g for g in q.groups}
    assert [
        (g.name, g.mandatory, g.min_credits, g.max_credits, len(g.units)) for g in q.groups
    ] == [
        ("Group A", True, 31, None, 6),
        ("Group B", False, 15, None, 22),
        ("Group C", False, None, 9, 17),
    ]
    assert groups["Group A"].units[0] == "L/506/2150"
    # A wrapped table row ("… consistency of customer service / delivery / 3 5").
    assert groups["Group B"].units[0] == "Y/506/2166"
    assert groups["Group C"].units[-1] == "J/502/4397"
    assert set(q.unit_refs) == {u.ref for u in doc.units} - {"F/502/4397"} | {"J/502/4397"}


def test_level_and_credit_come_from_the_structure_table(doc: SpecDocument) -> None:
    champion = unit(doc, "D/506/2153")
    assert (champion.title, champion.level, champion.credit, champion.glh) == (
        "Champion customer service",
        4,
        4,
        None,
    )
    assert champion.sources == ("ProQual 601/3577/3",)
    resources = unit(doc, "Y/506/2166")
    assert (
        resources.title == "Develop resources to support consistency of customer service delivery"
    )
    assert (resources.level, resources.credit) == (3, 5)


def test_wrapped_criteria_are_joined_and_quotes_normalised(doc: SpecDocument) -> None:
    assert text_of(doc, "Y/506/2152", "1.2") == (
        "Explain the process of mapping the customer journey and its importance in "
        "delivering effective customer service"
    )
    assert text_of(doc, "L/506/2150", "1.6") == 'Explain how to analyse the "customer journey"'
    assert text_of(doc, "K/506/2169", "1.2") == (
        "Explain how to use the resolution of customers' problems to improve products "
        "and/or services"
    )


def test_words_broken_at_a_hyphen_stay_whole(doc: SpecDocument) -> None:
    assert text_of(doc, "R/506/2179", "1.7") == (
        'Evaluate the benefits of adopting a "customer-centred" approach'
    )
    assert text_of(doc, "K/506/2978", "1.1") == (
        "Explain organisational policies and procedures for post-transaction customer service"
    )


def test_page_footer_and_page_number_do_not_stick_to_a_criterion(doc: SpecDocument) -> None:
    # Page 29's footer ("ProQual, November 2017 / … / 29") follows this criterion.
    assert text_of(doc, "A/506/2161", "3.4") == (
        "Adhere to organisational policies and procedures, legal and ethical requirements "
        "when supporting customers through on-line customer service"
    )
    assert unit(doc, "J/506/2163").title == "Use social media to deliver customer service"


def test_outcome_and_first_criterion_on_one_line_are_split(doc: SpecDocument) -> None:
    business = unit(doc, "D/506/1942")
    assert [o.text for o in business.outcomes] == [
        "Understand business markets",
        "Understand business innovation and growth",
        "Understand financial management",
        "Understand business budgeting",
        "Understand sales and marketing",
    ]
    assert text_of(doc, "D/506/1942", "1.1") == (
        "Explain the characteristics of different business markets"
    )
    assert text_of(doc, "D/506/1942", "5.1") == "Explain the principles of marketing"


def test_outcome_continued_after_a_repeated_table_header(doc: SpecDocument) -> None:
    lead = unit(doc, "D/503/0397")
    fourth = lead.outcomes[3]
    assert fourth.text == "Understand sales activities in a contact centre team"
    assert [c.id for c in fourth.criteria] == ["4.1", "4.2", "4.3", "4.4", "4.5", "4.6"]
    assert fourth.criteria[4].text == (
        "Explain the importance of setting a good example in a contact centre team"
    )


def test_unit_heading_without_the_word_unit_is_read(doc: SpecDocument) -> None:
    performance = unit(doc, "J/506/1921")
    assert performance.title == "Manage individuals' performance"
    assert len(performance.criteria()) == 12


def test_outcome_kinds_verbs_and_targets(doc: SpecDocument) -> None:
    organise = unit(doc, "L/506/2150")
    assert [o.kind for o in organise.outcomes] == [
        OutcomeKind.KNOWLEDGE,
        OutcomeKind.COMPETENCE,
        OutcomeKind.COMPETENCE,
    ]
    mapping = organise.criterion("2.2")
    identify = organise.criterion("2.1")
    assert mapping is not None and (mapping.verb, mapping.target) == ("", False)
    assert identify is not None and (identify.verb, identify.target) == ("Identify", True)
    analyse = unit(doc, "R/506/2179").criterion("1.1")
    assert analyse is not None and (analyse.verb, analyse.target) == ("Analyse", True)


def test_proqual_has_no_per_criterion_guidance(doc: SpecDocument) -> None:
    assert not any(c.guidance for u in doc.units for _, c in u.criteria())


# --- small texts in the layout -------------------------------------------------------------

SPEC = """\
Qualification title ProQual Level 3 Certificate in Testing

Ofqual qualification number 600/0000/2

Level 3

Candidates must achieve 8 credits:

• 5 credits from the Mandatory units in Group A, plus

• a minimum of 3 credits from Optional Group B

Group A Mandatory Units – complete all units

L/506/2150 Check things thoroughly and
well

3 5

Group B Optional Units – a minimum of 3 credits

A/506/2161 Say things 2 3

 Centre Requirements

 Unit L/506/2150
Check things thoroughly and well

Learning Outcome - The learner
will:

Assessment Criterion - The learner can:

1 Understand how to check 1.1 Explain why checks
matter

1.2. Explain the importance of keeping check
records up to date when the post-



ProQual, November 2017
Level 3 Certificate in Testing

12


check review is due

2 Be able to check

2.1 Check things
"""


def test_synthetic_footer_inside_a_criterion_is_removed_and_the_criterion_rejoined() -> None:
    doc = proqual.parse(SPEC, "spec.txt")
    check = doc.units[0]
    records = check.criterion("1.2")
    assert records is not None
    assert records.text == (
        "Explain the importance of keeping check records up to date when the post-check "
        "review is due"
    )
    assert check.outcomes[1].text == "Be able to check"


def test_synthetic_page_number_stuck_to_a_unit_heading_or_footer_is_dropped() -> None:
    text = SPEC.replace(" Unit L/506/2150", "7 Unit L/506/2150").replace(
        "ProQual, November 2017", "ProQual, November 2017 12"
    )
    doc = proqual.parse(text, "spec.txt")
    assert [u.ref for u in doc.units] == ["L/506/2150"]
    records = doc.units[0].criterion("1.2")
    assert records is not None and records.text.endswith("post-check review is due")


def test_synthetic_wrapped_outcome_line_and_table_row() -> None:
    doc = proqual.parse(SPEC, "spec.txt")
    check = doc.units[0]
    assert check.title == "Check things thoroughly and well"
    assert (check.level, check.credit) == (3, 5)
    first = check.criterion("1.1")
    assert first is not None and first.text == "Explain why checks matter"
    assert check.outcomes[0].text == "Understand how to check"
    q = doc.qualification
    assert q is not None
    assert [(g.name, g.mandatory, g.min_credits, g.units) for g in q.groups] == [
        ("Group A", True, 5, ("L/506/2150",)),
        ("Group B", False, 3, ("A/506/2161",)),
    ]


def test_synthetic_table_unit_without_a_page_is_reported_as_unread() -> None:
    doc = proqual.parse(SPEC, "spec.txt")
    assert [u.ref for u in doc.units] == ["L/506/2150"]
    assert [w.unit for w in doc.warnings] == ["A/506/2161"]
    assert "no unit page" in doc.warnings[0].message


def test_synthetic_wrong_check_letter_without_a_table_entry_is_kept_and_reported() -> None:
    text = SPEC.replace(" Unit L/506/2150", " Unit L/506/2151")
    doc = proqual.parse(text, "spec.txt")
    assert doc.units[0].ref == "L/506/2151"
    messages = [w.message for w in doc.warnings if w.unit == "L/506/2151"]
    assert any("check letter L" in m and "call for R" in m for m in messages)
    assert any("not in the structure table" in m for m in messages)


def test_synthetic_misnumbered_criterion_is_reported() -> None:
    text = SPEC.replace("2.1 Check things", "2.3 Check things")
    doc = proqual.parse(text, "spec.txt")
    assert doc.units[0].criterion("2.3") is not None
    assert any("2.3 is printed where 2.1 is due" in w.message for w in doc.warnings)


def test_text_that_is_not_a_specification_gives_no_units_and_a_warning() -> None:
    letter = "ProQual Awarding Body\n\nThank you for your order of 12 certificates.\n"
    doc = proqual.parse(letter, "letter.txt")
    assert doc.units == []
    assert any("no ProQual unit page" in w.message for w in doc.warnings)
    assert not proqual.looks_like(letter)
