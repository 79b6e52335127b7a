"""The Pearson Principles of Customer Service parser: two qualifications, tab-separated grids
whose cells the PDF extraction sometimes overlaid."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEED_FILES
from tutor.banks.importers import SpecDocument, pearson_principles
from tutor.banks.model import OutcomeKind, Unit, UnitGroup

# Its module fixtures are costly: every test of the module runs in one worker.
pytestmark = pytest.mark.xdist_group("import_pearson_principles")

SEED = SEED_FILES["pearson_principles"]
OTHER_SEEDS = tuple(f for name, f in SEED_FILES.items() if name != "pearson_principles")
AWARD = "Pearson BTEC Level 2 Award in Principles of Customer Service"
CERTIFICATE = "Pearson BTEC Level 2 Certificate in Principles of Customer Service"

# The layout in small: summary, structure table, one unit whose grid has a wrapped outcome,
# a page header row, an overlaid "1.2 E" | "Explain …" cell, a criterion wrapped over rows,
# a number lost in the extraction ("3 Describe …") and two-column amplification rows.
SYNTHETIC = (
    f"{AWARD}\n\n"
    f"Qualification title\t{AWARD}\n"
    "Qualification Number (QN)\t601/5358/1\n"
    "Credit value\t4\n\n"
    "3 Qualification structures\n\n"
    f"{AWARD}\n\n"
    "4 credits must be achieved from the 1 mandatory unit.\n\n"
    "Unit\tUnit reference number\tMandatory units\tLevel\tCredit\tGuided learning hours\n"
    "1\tK/506/9011\tCustomer Service Principles\t2\t4\t32\n\n"
    "4 Assessment\n\n"
    "Unit 1: Customer Service\n\nPrinciples\n\n"
    "Unit reference number: K/506/9011\n\nLevel: 2\n\nCredit value: 4\n\n"
    "Guided learning hours: 32\n\n"
    "Lea\tLearning outcomes\t\tAssessment criteria\t\tUnit amplification\n"
    "1\tUnderstand the role of customer\t1.1\tState the purpose of customer service\t\t"
    "Purpose: customer satisfaction; loyalty\n"
    "\tservice in an organisation\t\t\t\tScope: pre-sale; post sale\n"
    "organisation\t\t1.2 E\tExplain the value of a \u2018service offer\u2019 to\t\t"
    "Service offer: definition\n"
    "\t\t\tan organisation\t\tValue: differentiation\n"
    "Learning outcomes\t\tAssessment criteria\t\tUnit amplification\n"
    "\t\t\t3 Describe how a brand affects the offer\t\tBrand: definition; image\n\n"
    "Information for tutors\n"
)


@pytest.fixture(scope="module")
def document(seeds_dir: Path) -> SpecDocument:
    return pearson_principles.parse((seeds_dir / SEED).read_text(encoding="utf-8"), SEED)


@pytest.fixture(scope="module")
def units(document: SpecDocument) -> dict[str, Unit]:
    return {unit.ref: unit for unit in document.units}


def _messages(document: SpecDocument, unit: str) -> list[str]:
    return [w.message for w in document.warnings if w.unit == unit]


# --- the seed ---------------------------------------------------------------------------


def test_seed_holds_11_units_34_outcomes_124_criteria(document: SpecDocument) -> None:
    # Counted a second way with grep over the grids: 34 rows open with an outcome number,
    # 122 cells carry a criterion number, and two criteria lost theirs (K/506/9011 "3 Explain
    # how a brand …", Y/506/9019 2.4).
    assert len(document.units) == 11
    assert sum(len(u.outcomes) for u in document.units) == 34
    assert sum(len(u.criteria()) for u in document.units) == 124
    guidance = [g for u in document.units for _, c in u.criteria() for g in c.guidance]
    assert len(guidance) == 193


def test_both_qualifications_with_their_rules_of_combination(document: SpecDocument) -> None:
    award, certificate = document.qualifications
    assert document.qualification == award
    assert (award.title, award.number, award.awarding_body, award.level) == (
        AWARD,
        "601/5358/1",
        "Pearson",
        2,
    )
    assert award.min_credits == 7
    assert award.groups == (UnitGroup("Mandatory units", True, 7, ("K/506/9011", "M/506/9012")),)
    assert (certificate.title, certificate.number, certificate.min_credits) == (
        CERTIFICATE,
        "601/5359/3",
        15,
    )
    mandatory, optional = certificate.groups
    assert (mandatory.min_credits, mandatory.units) == (
        9,
        ("K/506/9011", "M/506/9012", "T/506/9013"),
    )
    assert (optional.mandatory, optional.min_credits, len(optional.units)) == (False, 6, 8)
    assert "F/505/6927" in optional.units


def test_units_name_every_qualification_that_uses_them(units: dict[str, Unit]) -> None:
    assert units["K/506/9011"].sources == (
        f"{AWARD} (601/5358/1) unit 1",
        f"{CERTIFICATE} (601/5359/3) unit 1",
    )
    assert units["T/506/9013"].sources == (f"{CERTIFICATE} (601/5359/3) unit 3",)


def test_unit_details_agree_with_the_structure_table(
    document: SpecDocument, units: dict[str, Unit]
) -> None:
    delivery = units["M/506/9012"]
    assert (delivery.title, delivery.level, delivery.credit, delivery.glh) == (
        "Understanding Customer Service Delivery",
        2,
        3,
        22,
    )
    assert units["F/505/6927"].level == 1
    assert not [w for w in document.warnings if "qualification structure" in w.message]
    assert not [w for w in document.warnings if "check letter" in w.message]


def test_overlaid_cells_are_rejoined(units: dict[str, Unit]) -> None:
    principles = units["K/506/9011"]
    assert principles.criterion("1.2").text == (
        "Explain the value of a 'service offer' to an organisation"
    )
    assert principles.criterion("2.3").text == (
        "Describe the characteristics of challenging customers"
    )
    assert units["L/506/9017"].criterion("3.2").text == (
        "Explain why it is important to give a positive impression to customers about "
        "customer service changes"
    )
    rights = units["R/506/8662"]
    assert (
        rights.outcomes[2].text
        == "Know agreed ways of working that protect relationships with employer"
    )
    assert rights.criterion("3.2").text == (
        "Describe the type of information shown on a pay statement"
    )
    assert units["L/506/9020"].outcomes[0].text == (
        "Understand the interaction between the consumer buying decision-making process and "
        "the sales cycle"
    )


def test_criteria_wrapped_over_rows_and_pages_are_whole(units: dict[str, Unit]) -> None:
    delivery = units["M/506/9012"]
    assert delivery.criterion("1.3").text == (
        "Explain how to ensure that promises made to customers balance the needs of the "
        "organisation and customers"
    )
    # 1.5 opens the grid's second page, in a shifted column.
    assert delivery.criterion("1.5").text == (
        "Describe how to manage situations where promises cannot be kept due to unforeseen "
        "circumstances"
    )
    assert (
        units["T/506/9013"].criterion("3.1").text
        == "Listen 'actively' to what customers are saying"
    )


def test_unit_content_is_the_guidance_of_its_criterion(units: dict[str, Unit]) -> None:
    assert units["K/506/9011"].criterion("1.1").guidance == (
        "Purpose: customer satisfaction; positive reputation/image for organisation; customer "
        "loyalty; meeting/exceeding sales and service targets",
        "Scope: pre-sale; during transaction process; post sale",
    )
    assert (
        units["Y/506/9019"]
        .criterion("2.4")
        .guidance[1]
        .startswith("Importance of security settings: customer confidentiality")
    )


def test_lost_numbers_are_read_from_position_and_reported(
    document: SpecDocument, units: dict[str, Unit]
) -> None:
    assert units["K/506/9011"].criterion("1.3").text == (
        "Explain how a brand affects an organisation's customer service offer"
    )
    assert units["Y/506/9019"].criterion("2.4").text == (
        "Explain the importance of security settings and how they are used on different "
        "social media platforms"
    )
    assert any("read as 1.3" in m for m in _messages(document, "K/506/9011"))
    assert any("read as 2.4" in m for m in _messages(document, "Y/506/9019"))


def test_text_lost_in_the_source_is_reported_not_invented(
    document: SpecDocument, units: dict[str, Unit]
) -> None:
    improvements = units["L/506/9017"]
    assert [c.id for c in improvements.outcomes[2].criteria] == ["3.2", "3.3", "3.4", "3.5"]
    messages = _messages(document, "L/506/9017")
    assert any("outcome 3 has no criterion 3.1" in m for m in messages)
    assert any("criterion 1.3 starts mid-sentence" in m for m in messages)
    assert any("criterion 1.2 reads 'Describe th continuous" in m for m in messages)
    assert any("outcome 3 is read as a knowledge outcome" in m for m in messages)
    assert any("1.6 reads 'Describe the fea" in m for m in _messages(document, "K/506/9011"))


def test_outcome_kinds_follow_their_wording(units: dict[str, Unit]) -> None:
    communicating = units["T/506/9013"]
    assert [o.kind for o in communicating.outcomes] == [
        OutcomeKind.KNOWLEDGE,
        OutcomeKind.KNOWLEDGE,
        OutcomeKind.COMPETENCE,
    ]
    explain = communicating.criterion("1.1")
    assert (explain.verb, explain.target) == ("Explain", True)
    assert units["L/506/9017"].outcomes[2].kind is OutcomeKind.KNOWLEDGE


def test_looks_like_only_this_layout(seeds_dir: Path) -> None:
    assert pearson_principles.looks_like((seeds_dir / SEED).read_text(encoding="utf-8"))
    for name in OTHER_SEEDS:
        text = (seeds_dir / name).read_text(encoding="utf-8")
        assert not pearson_principles.looks_like(text), name


# --- synthetic text (runs without ../shared) ----------------------------------------------


def test_synthetic_grid_is_read_whole() -> None:
    document = pearson_principles.parse(SYNTHETIC, "synthetic.txt")
    (unit,) = document.units
    assert (unit.ref, unit.title, unit.level, unit.credit, unit.glh) == (
        "K/506/9011",
        "Customer Service Principles",
        2,
        4,
        32,
    )
    (outcome,) = unit.outcomes
    assert outcome.text == "Understand the role of customer service in an organisation"
    assert [(c.id, c.text) for c in outcome.criteria] == [
        ("1.1", "State the purpose of customer service"),
        ("1.2", "Explain the value of a 'service offer' to an organisation"),
        ("1.3", "Describe how a brand affects the offer"),
    ]
    assert unit.criterion("1.1").guidance == (
        "Purpose: customer satisfaction; loyalty",
        "Scope: pre-sale; post sale",
    )
    assert unit.criterion("1.2").guidance == ("Service offer: definition", "Value: differentiation")
    assert any("read as 1.3" in w.message for w in document.warnings)


def test_synthetic_qualification_and_credit_disagreement() -> None:
    document = pearson_principles.parse(SYNTHETIC.replace("4 credits must", "5 credits must"), "s")
    (award,) = document.qualifications
    assert (award.number, award.min_credits) == ("601/5358/1", 5)
    assert award.groups[0].units == ("K/506/9011",)
    assert any("credit value 4 in the summary but 5" in w.message for w in document.warnings)


def test_wrong_check_letter_is_reported_once() -> None:
    text = SYNTHETIC.replace("K/506/9011", "A/506/9011")
    document = pearson_principles.parse(text, "synthetic.txt")
    bad = [w for w in document.warnings if "check letter" in w.message]
    assert [w.unit for w in bad] == ["A/506/9011"]


def test_unit_missing_from_the_structure_is_reported() -> None:
    text = SYNTHETIC.replace(
        "Unit reference number: K/506/9011", "Unit reference number: M/506/9012"
    )
    document = pearson_principles.parse(text, "synthetic.txt")
    assert any("in no qualification structure" in w.message for w in document.warnings)


def test_truncated_unit_keeps_what_it_read() -> None:
    cut = SYNTHETIC[: SYNTHETIC.index("\t\t\tan organisation")]
    document = pearson_principles.parse(cut, "cut.txt")
    (unit,) = document.units
    assert [c.id for _, c in unit.criteria()] == ["1.1", "1.2"]
    assert unit.criterion("1.2").text == "Explain the value of a 'service offer' to"
    assert any("cut off" in w.message for w in document.warnings)


def test_text_that_is_not_a_specification_gives_no_units_and_a_warning() -> None:
    document = pearson_principles.parse("Minutes of the team meeting\n\nApologies: none\n", "m")
    assert document.units == [] and document.qualifications == []
    assert any("nothing read" in w.message for w in document.warnings)
    assert not pearson_principles.looks_like("Minutes of the team meeting\n")


def test_looks_like_the_synthetic_page() -> None:
    assert pearson_principles.looks_like(SYNTHETIC)
