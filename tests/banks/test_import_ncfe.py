"""The NCFE importer: the Level 2 Diploma seed, and small texts in its layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.banks.spec_helpers import text_of, unit
from tests.conftest import SEED_FILES
from tutor.banks.importers import SpecDocument, ncfe, proqual
from tutor.banks.model import OutcomeKind

# Its module fixtures are costly: every test of the module runs in one worker.
pytestmark = pytest.mark.xdist_group("import_ncfe")

NCFE_SEED = SEED_FILES["ncfe"]


@pytest.fixture(scope="module")
def seed_text(seeds_dir: Path) -> str:
    return (seeds_dir / NCFE_SEED).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def doc(seed_text: str) -> SpecDocument:
    return ncfe.parse(seed_text, NCFE_SEED)


# --- the seed ------------------------------------------------------------------------------


def test_seed_holds_39_units_109_outcomes_535_criteria(doc: SpecDocument) -> None:
    assert len(doc.units) == 39
    assert sum(len(u.outcomes) for u in doc.units) == 109
    assert sum(len(u.criteria()) for u in doc.units) == 535


def test_seed_is_recognised_as_ncfe_and_not_proqual(seed_text: str) -> None:
    assert ncfe.looks_like(seed_text)
    assert not proqual.looks_like(seed_text)


def test_qualification_and_rules_of_combination(doc: SpecDocument) -> None:
    q = doc.qualification
    assert q is not None
    assert (q.number, q.title, q.awarding_body, q.level, q.min_credits) == (
        "601/3973/0",
        "NCFE Level 2 Diploma in Customer Service",
        "NCFE",
        2,
        45,
    )
    groups = {g.name: g for g in q.groups}
    assert list(groups) == ["Group A", "Group B", "Group C", "Group D"]
    assert groups["Group A"].mandatory and groups["Group A"].min_credits == 19
    assert groups["Group A"].units == (
        "A/506/2130",
        "F/506/2131",
        "J/506/2132",
        "A/506/1964",
        "L/506/1788",
    )
    assert (groups["Group B"].min_credits, len(groups["Group B"].units)) == (3, 2)
    assert (groups["Group C"].min_credits, len(groups["Group C"].units)) == (16, 17)
    # Group D has no minimum: "the remaining credits can be taken from Groups B, C or D".
    assert not groups["Group D"].mandatory and groups["Group D"].min_credits is None
    assert groups["Group D"].units[-1] == "F/502/4396"
    assert len(q.unit_refs) == 39


def test_unit_summary_gives_level_credit_hours_and_source(doc: SpecDocument) -> None:
    principles = unit(doc, "J/506/2132")
    assert principles.title == "Principles of customer service"
    assert (principles.level, principles.credit, principles.glh) == (2, 4, 34)
    assert principles.sources == ("NCFE 601/3973/0 unit 03",)
    assert unit(doc, "F/502/4396").sources == ("NCFE 601/3973/0 unit 39",)


def test_criterion_text_loses_markdown_bold_but_keeps_it_as_emphasis(doc: SpecDocument) -> None:
    criterion = unit(doc, "A/506/2130").criterion("1.6")
    assert criterion is not None
    assert criterion.text == (
        "Describe methods of measuring their own effectiveness in the delivery of customer service"
    )
    assert criterion.emphasised == ("methods of measuring their own effectiveness",)
    assert text_of(doc, "D/506/2119", "1.3") == "Explain why 'customer service language' is used"


def test_outcomes_after_a_contd_heading_stay_in_their_unit(doc: SpecDocument) -> None:
    deliver = unit(doc, "A/506/2130")
    assert [o.id for o in deliver.outcomes] == ["1", "2", "3", "4", "5"]
    assert text_of(doc, "A/506/2130", "4.6") == (
        "Adhere to organisational policies and procedures, legal and ethical requirements "
        "when providing customer service"
    )
    # Unit 22's fourth outcome follows a "## **Unit 22 … (cont'd)**" heading.
    assert unit(doc, "D/506/2170").outcomes[3].text == (
        "Be able to analyse and interpret customer feedback to recommend improvements"
    )
    # Unit 35 prints its fourth outcome without a bullet.
    assert unit(doc, "M/502/8606").outcomes[3].text == "Be able to close the sale"


def test_criterion_with_sub_bullets_keeps_them(doc: SpecDocument) -> None:
    assert text_of(doc, "T/505/4673", "1.1") == (
        "Define the main responsibilities for health and safety in the workplace "
        "of the following: employers; employees"
    )
    assert text_of(doc, "T/505/4673", "1.2") == (
        "Describe two health and safety laws affecting the workplace"
    )


def test_know_and_understand_outcomes_are_knowledge(doc: SpecDocument) -> None:
    kinds = {o.id: o.kind for o in unit(doc, "T/505/4673").outcomes}
    assert kinds == {"1": OutcomeKind.KNOWLEDGE, "2": OutcomeKind.COMPETENCE}
    assert all(o.kind is OutcomeKind.KNOWLEDGE for o in unit(doc, "J/506/2132").outcomes)


def test_verbs_and_target_criteria(doc: SpecDocument) -> None:
    deliver = unit(doc, "A/506/2130")
    keep_up = deliver.criterion("3.1")
    identify = deliver.criterion("5.1")
    assert keep_up is not None and (keep_up.verb, keep_up.target) == ("", False)
    assert identify is not None and (identify.verb, identify.target) == ("Identify", True)
    # "Explain … to customers" under "Be able to" is an action, not knowledge.
    to_customers = unit(doc, "R/506/2151").criterion("2.4")
    assert to_customers is not None
    assert (to_customers.verb, to_customers.target) == ("Explain", False)


def test_guidance_is_attached_one_item_per_bullet(doc: SpecDocument) -> None:
    features = unit(doc, "A/506/2130").criterion("1.2")
    assert features is not None
    assert features.guidance == (
        "Features are characteristics, attributes and qualities of a product or service.",
        "Benefits are advantages and uses of a service or product.",
    )
    cultural = unit(doc, "F/506/2131").criterion("1.2")
    assert cultural is not None
    assert cultural.guidance[0] == "Cultural factors can include:"
    assert cultural.guidance[-1] == "religious, moral views."
    # Unit 03 (J/506/2132) prints "There is no assessment guidance available for this unit."
    assert not any(c.guidance for _, c in unit(doc, "J/506/2132").criteria())
    with_guidance = [u for u in doc.units if any(c.guidance for _, c in u.criteria())]
    assert len(with_guidance) == 19


def test_unit_21_guidance_printed_as_1_2_goes_to_1_3_with_a_warning(doc: SpecDocument) -> None:
    complaints = unit(doc, "R/506/2151")
    misprinted = complaints.criterion("1.2")
    negotiating = complaints.criterion("1.3")
    assert misprinted is not None and misprinted.guidance == ()
    assert negotiating is not None
    assert negotiating.guidance[0] == (
        "Negotiating techniques may include, but are not exclusive to:"
    )
    assert "referral to specialist team." in negotiating.guidance
    warnings = [w for w in doc.warnings if w.unit == "R/506/2151"]
    assert len(warnings) == 1
    assert "1.2" in warnings[0].message and "1.3" in warnings[0].message


def test_seed_raises_no_other_warnings(doc: SpecDocument) -> None:
    assert [w.unit for w in doc.warnings] == ["R/506/2151"]


def test_explanation_of_terms_defines_the_command_verbs(seed_text: str) -> None:
    terms = ncfe.explanation_of_terms(seed_text)
    assert terms["Explain"].startswith("Provide details about the subject with reasons")
    assert terms["Identify"].startswith("List or name the main points.")
    assert len(terms) == 24


# --- small texts in the layout -------------------------------------------------------------

SPEC = """\
# Qualification specification

**NCFE Level 2 Certificate in Testing**
**QN: 600/0000/1**

## Achieving this qualification

To be awarded the NCFE Level 2 Certificate in Testing, learners must achieve a minimum of 7 credits:

- a total of **4** credits from Group A

### Group A mandatory units

- Unit 01 Check things (4 credits)

### Group B optional units

- Unit 02 Say things (3 credits)

---

# Section 3

## Unit summaries

### Unit 01 Check things (A/506/2130)

Guided learning hours: 20

Credit value: 4

Level: 2

---

**Unit summaries (cont'd)****Unit 02 Say things (F/506/2131)**

Guided learning hours: 10

Credit value: 3

Level: 2

---

**Unit 01 Check things (A/506/2130)**

The learner will:

- 1 Understand checking

The learner can:

- 1.1. Explain why **checks** matter
  - 1.2 Describe the steps of a check that runs on
-

**Unit 01 Check things (A/506/2130) (cont'd)**

over a page break
  - 1.3 Identify who checks
-

**Assessment guidance**

**Assessment criteria:**

- 1.1 **Checks** may include:
- counting
  - weighing.
-
"""


def test_synthetic_criterion_split_over_a_page_break_is_rejoined() -> None:
    doc = ncfe.parse(SPEC, "spec.txt")
    check = doc.units[0]
    assert [c.id for _, c in check.criteria()] == ["1.1", "1.2", "1.3"]
    split = check.criterion("1.2")
    assert split is not None
    assert split.text == "Describe the steps of a check that runs on over a page break"


def test_synthetic_numbering_with_a_trailing_dot_is_normalised() -> None:
    criterion = ncfe.parse(SPEC, "spec.txt").units[0].criterion("1.1")
    assert criterion is not None
    assert criterion.text == "Explain why checks matter"
    assert criterion.guidance == ("Checks may include:", "counting", "weighing.")


def test_synthetic_unit_cut_off_before_its_detail_page_is_reported() -> None:
    doc = ncfe.parse(SPEC, "spec.txt")
    assert [u.ref for u in doc.units] == ["A/506/2130"]
    assert any(
        w.unit == "F/506/2131" and "could not be read" in w.message and "left out" in w.message
        for w in doc.warnings
    )
    q = doc.qualification
    assert q is not None and [g.units for g in q.groups] == [("A/506/2130",), ("F/506/2131",)]


def test_synthetic_truncated_unit_keeps_what_was_read_and_says_so() -> None:
    cut = SPEC[: SPEC.index("**Assessment guidance**")]
    doc = ncfe.parse(cut, "cut.txt")
    assert len(doc.units[0].criteria()) == 3
    assert any(
        w.unit == "A/506/2130" and "ends before its assessment guidance" in w.message
        for w in doc.warnings
    )


def test_synthetic_misnumbered_and_repeated_criteria_are_reported() -> None:
    text = SPEC.replace("  - 1.3 Identify who checks", "  - 1.2 Identify who checks")
    doc = ncfe.parse(text, "spec.txt")
    assert [c.id for _, c in doc.units[0].criteria()] == ["1.1", "1.2"]
    assert any("1.2 is printed twice" in w.message for w in doc.warnings)


def test_synthetic_criterion_out_of_sequence_is_kept_as_printed_with_a_warning() -> None:
    text = SPEC.replace("  - 1.3 Identify who checks", "  - 1.4 Identify who checks")
    doc = ncfe.parse(text, "spec.txt")
    assert [c.id for _, c in doc.units[0].criteria()] == ["1.1", "1.2", "1.4"]
    assert any("1.4 is printed where 1.3 is due" in w.message for w in doc.warnings)


def test_synthetic_guidance_for_a_missing_criterion_is_reported() -> None:
    text = SPEC.replace("- 1.1 **Checks** may include:", "- 4.1 **Audits** may include:")
    doc = ncfe.parse(text, "spec.txt")
    assert not any(c.guidance for _, c in doc.units[0].criteria())
    assert any("4.1, which the unit does not have" in w.message for w in doc.warnings)


def test_text_that_is_not_a_specification_gives_no_units_and_a_warning() -> None:
    doc = ncfe.parse("Dear colleague,\n\nThe NCFE office is closed on Monday.\n", "note.txt")
    assert doc.units == []
    assert doc.warnings and "no NCFE unit" in str(doc.warnings[-1])
    assert not ncfe.looks_like("Dear colleague,\n\nThe NCFE office is closed on Monday.\n")
