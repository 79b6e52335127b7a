"""The Pearson BTEC Level 3 Diploma parser: units 15–45, their grids and amplification."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEED_FILES
from tutor.banks.importers import SpecDocument, pearson_l3
from tutor.banks.model import OutcomeKind, Unit

# Its module fixtures are costly: every test of the module runs in one worker.
pytestmark = pytest.mark.xdist_group("import_pearson_l3")

SEED = SEED_FILES["pearson_l3"]
OTHER_SEEDS = tuple(f for name, f in SEED_FILES.items() if name != "pearson_l3")

# A unit page as the PDF extraction flattens it: leading spaces where a page starts, a footer
# and page number in the middle of a criterion, the grid header repeated after a page break,
# an outcome and its first criterion on one line, "1.2." numbering, a hyphen-broken word.
SYNTHETIC = """\
 Unit 15: Exceed Customer
Expectations

Unit reference number: Y/506/2135

QCF level: 2

Credit value: 3

Guided learning hours: 15

 Learning outcomes and assessment criteria

Learning outcomes Assessment criteria

1 Understand how to exceed
customer expectations

1.1 Explain how customers form
expectations of the service they will

Pearson BTEC Level 3 Diploma in Customer Service (QCF) \u2013
Specification \u2013 Issue 3 \u2013 November 2015  \u00a9 Pearson Education Limited 2015

139

receive

1.2. Explain legislation, organisational
policies and procedures that can
limit or vary the service offer
 Learning outcomes Assessment criteria

2 Be able to exceed expectations 2.1 Identify differences between
customers\u2019 expectations and needs

 2.2 Explain decision-
making processes
 Unit amplification

AC1.1: Explain how customers form expectations of the service they will
receive

 \u25cf Customer expectations: what is expected from the organisation to
include; quality, price

\u25cf How expectations are formed:

o perceived reputation of the organisation

o previous experience of the product/service

AC1.3: Explain something the grid does not hold

 \u25cf Orphan: e.g. nothing
 Information for tutors
"""


@pytest.fixture(scope="module")
def document(seeds_dir: Path) -> SpecDocument:
    return pearson_l3.parse((seeds_dir / SEED).read_text(encoding="utf-8"), SEED)


@pytest.fixture(scope="module")
def units(document: SpecDocument) -> dict[str, Unit]:
    return {unit.ref: unit for unit in document.units}


def _messages(document: SpecDocument, unit: str) -> list[str]:
    return [w.message for w in document.warnings if w.unit == unit]


# --- the seed ---------------------------------------------------------------------------


def test_seed_holds_31_units_88_outcomes_415_criteria(document: SpecDocument) -> None:
    # Counted a second way with grep over the grids: 416 "n.m Text" rows (T/506/2160's
    # outcome printed "1.1" among them) and 87 "n Text" rows.
    assert len(document.units) == 31
    assert sum(len(u.outcomes) for u in document.units) == 88
    assert sum(len(u.criteria()) for u in document.units) == 415


def test_every_amplification_heading_reaches_its_criterion(document: SpecDocument) -> None:
    # 163 "AC n.m" headings in the units' amplification; 289 bullets + 49 sub-bullets,
    # less 13 lead-ins ("Assessing validity:") carried by their sub-bullets.
    with_guidance = [c for u in document.units for _, c in u.criteria() if c.guidance]
    assert len(with_guidance) == 163
    assert sum(len(c.guidance) for c in with_guidance) == 325


def test_units_run_from_15_to_45_with_their_details(units: dict[str, Unit]) -> None:
    first = units["Y/506/2135"]
    assert (first.title, first.level, first.credit, first.glh) == (
        "Exceed Customer Expectations",
        2,
        3,
        15,
    )
    assert first.sources == ("Pearson BTEC Level 3 Diploma in Customer Service unit 15",)
    assert units["J/502/4397"].sources[0].endswith("unit 45")
    assert units["K/506/2978"].title == "Provide Post-transaction Customer Service"


def test_unit_14_fragment_is_reported_not_attached(document: SpecDocument) -> None:
    assert document.units[0].ref == "Y/506/2135"
    assert any(
        "starts inside a unit" in w.message and "AC1.1, AC1.2, AC1.3, AC1.4" in w.message
        for w in document.warnings
    )


def test_no_qualification_number_is_invented(document: SpecDocument) -> None:
    q = document.qualification
    assert q is not None
    assert (q.number, q.title, q.level, q.min_credits) == (
        "",
        "Pearson BTEC Level 3 Diploma in Customer Service",
        3,
        None,
    )
    assert "the number is not in the source" in q.note
    (group,) = q.groups
    assert (group.name, group.mandatory, group.min_credits) == (
        "Units 15-45 of the specification",
        False,
        None,
    )
    assert group.units == tuple(u.ref for u in document.units)
    assert any("no qualification number" in w.message for w in document.warnings)


def test_criterion_after_a_page_break_keeps_its_full_text(units: dict[str, Unit]) -> None:
    champion = units["D/506/2153"]
    assert champion.criterion("3.3").text == "Promote the benefits of effective customer service"
    assert champion.criterion("3.4").text == (
        "Provide validated customer service advice and information to colleagues"
    )
    assert units["J/506/1921"].criterion("2.7").text == (
        "Adhere to organisational policies and procedures, and legal and ethical requirements "
        "when managing individuals' performance in the workplace"
    )


def test_hyphen_broken_words_and_dotted_numbers_are_normalised(units: dict[str, Unit]) -> None:
    assert units["D/506/2153"].criterion("1.4").text == (
        "Describe organisational decision-making processes and limits of their own authority"
    )
    assert units["Y/506/2135"].criterion("1.2").text == (
        "Explain legislation, organisational policies and procedures that can limit or vary "
        "the service offer"
    )


def test_outcome_and_criterion_on_one_line_are_split(units: dict[str, Unit]) -> None:
    objections = units["F/502/8612"]
    assert objections.outcomes[2].text == "Be able to handle objections"
    assert objections.criterion("3.1").text == (
        "Identify customer needs and wants in relation to objections by using a variety of "
        "questioning techniques"
    )


def test_amplification_is_attached_to_its_own_criterion(units: dict[str, Unit]) -> None:
    exceed = units["Y/506/2135"]
    assert exceed.criterion("1.3").guidance[1] == (
        "Type of actions to add value: including putting on special offers e.g. buy one, get "
        "one free (BOGOF), going the extra mile, being customer focused, being attentive "
        "towards customers, good product knowledge, free delivery, extended guarantee, "
        "extended refund or exchange policy, follow up calls"
    )
    assert exceed.criterion("1.4").guidance == (
        "When to build added value into the service offer: when customer need has been "
        "identified through customer surveys, customer comments, to attract new customers, "
        "customer thinking about switching to competitor, to retain loyal customers",
    )
    assert exceed.criterion("2.1").guidance == ()


def test_amplification_starting_a_page_is_still_read(units: dict[str, Unit]) -> None:
    assert units["T/506/2143"].criterion("1.5").guidance[0] == (
        "Identifying risks: ways, e.g. risk assessment, monitoring progress of work, skills "
        "assessment of staff"
    )


def test_sub_bullets_carry_their_lead_in(units: dict[str, Unit]) -> None:
    guidance = units["K/503/0418"].criterion("3.2").guidance
    assert len(guidance) == 3
    assert guidance[1].startswith("Assessing validity: content validity, i.e. the incident")
    assert guidance[2].endswith("e.g. minor alert, intermediate alert, major alert")


def test_kinds_verbs_and_targets(units: dict[str, Unit]) -> None:
    champion = units["D/506/2153"]
    assert champion.outcomes[0].kind is OutcomeKind.KNOWLEDGE
    assert champion.outcomes[1].kind is OutcomeKind.COMPETENCE
    evaluate = champion.criterion("1.1")
    assert (evaluate.verb, evaluate.target) == ("Evaluate", True)
    promote = champion.criterion("3.1")
    assert (promote.verb, promote.target) == ("", False)
    incidents = units["K/503/0418"]
    assert [o.kind for o in incidents.outcomes] == [
        OutcomeKind.COMPETENCE,
        OutcomeKind.COMPETENCE,
        OutcomeKind.KNOWLEDGE,
    ]


def test_t_506_2160_misnumbering_is_reported_and_renumbered(
    document: SpecDocument, units: dict[str, Unit]
) -> None:
    improvements = units["T/506/2160"]
    assert [o.id for o in improvements.outcomes] == ["1", "2", "3"]
    assert (
        improvements.outcomes[0].text == "Understand how to support customer service improvements"
    )
    assert [c.id for c in improvements.outcomes[0].criteria] == ["1.1", "1.2", "1.3"]
    assert [(c.id, c.text) for c in improvements.outcomes[2].criteria] == [
        ("3.1", "Implement agreed improvements within the limits of their own authority"),
        ("3.2", "Inform customers of improvements to customer service"),
        (
            "3.3",
            "Identify the impact of improvements to customer service and feedback to "
            "relevant people",
        ),
    ]
    messages = _messages(document, "T/506/2160")
    assert any('printed as "1.1"' in m and "read as outcome 1" in m for m in messages)
    assert any('printed as "3.3"' in m and "read as 3.1" in m for m in messages)


def test_only_t_506_2160_is_misnumbered(document: SpecDocument) -> None:
    numbering = [w for w in document.warnings if "printed as" in w.message]
    assert {w.unit for w in numbering} == {"T/506/2160"}


def test_every_reference_has_a_valid_check_letter(document: SpecDocument) -> None:
    assert not [w for w in document.warnings if "check letter" in w.message]


def test_looks_like_only_this_layout(seeds_dir: Path) -> None:
    assert pearson_l3.looks_like((seeds_dir / SEED).read_text(encoding="utf-8"))
    for name in OTHER_SEEDS:
        assert not pearson_l3.looks_like((seeds_dir / name).read_text(encoding="utf-8")), name


# --- synthetic text (runs without ../shared) ----------------------------------------------


def _synthetic(text: str = SYNTHETIC) -> SpecDocument:
    return pearson_l3.parse(text, "synthetic.txt")


def test_page_furniture_inside_a_criterion_is_dropped() -> None:
    unit = _synthetic().units[0]
    assert unit.title == "Exceed Customer Expectations"
    assert unit.criterion("1.1").text == (
        "Explain how customers form expectations of the service they will receive"
    )


def test_wrapped_lines_hyphens_and_quotes_are_cleaned() -> None:
    unit = _synthetic().units[0]
    assert unit.criterion("1.2").text == (
        "Explain legislation, organisational policies and procedures that can limit or vary "
        "the service offer"
    )
    assert unit.outcomes[1].text == "Be able to exceed expectations"
    assert unit.criterion("2.1").text == (
        "Identify differences between customers' expectations and needs"
    )
    assert unit.criterion("2.2").text == "Explain decision-making processes"


def test_synthetic_amplification_and_its_problems() -> None:
    document = _synthetic()
    unit = document.units[0]
    assert unit.criterion("1.1").guidance == (
        "Customer expectations: what is expected from the organisation to include; quality, price",
        "How expectations are formed: perceived reputation of the organisation",
        "How expectations are formed: previous experience of the product/service",
    )
    messages = _messages(document, "Y/506/2135")
    assert any("AC1.3 has no criterion 1.3" in m for m in messages)
    assert any(m.startswith("note: no amplification for 1.2") for m in messages)


def test_wrong_check_letter_is_reported() -> None:
    document = _synthetic(SYNTHETIC.replace("Y/506/2135", "A/506/2135"))
    assert document.units[0].ref == "A/506/2135"
    assert any("wrong check letter" in w.message for w in document.warnings)


def test_misnumbered_outcome_and_criterion_are_renumbered_from_position() -> None:
    text = SYNTHETIC.replace("1 Understand how", "1.1 Understand how").replace(
        "1.2. Explain", "1.1 Explain"
    )
    document = _synthetic(text)
    unit = document.units[0]
    assert [c.id for c in unit.outcomes[0].criteria] == ["1.1", "1.2"]
    messages = _messages(document, "Y/506/2135")
    assert any('printed as "1.1"' in m and "read as outcome 1" in m for m in messages)
    assert any("read as 1.2" in m for m in messages)


def test_a_gap_in_numbering_is_kept_and_reported() -> None:
    document = _synthetic(SYNTHETIC.replace("1.2. Explain", "1.3 Explain"))
    assert [c.id for c in document.units[0].outcomes[0].criteria] == ["1.1", "1.3"]
    assert any("no criterion 1.2" in w.message for w in document.warnings)


def test_duplicate_amplification_is_merged_and_reported() -> None:
    text = SYNTHETIC.replace("AC1.3: Explain something the grid does not hold", "AC1.1:")
    document = _synthetic(text)
    assert document.units[0].criterion("1.1").guidance[-1] == "Orphan: e.g. nothing"
    assert any("printed 2 times" in w.message for w in document.warnings)


def test_truncated_file_keeps_what_it_read() -> None:
    cut = SYNTHETIC[: SYNTHETIC.index(" Learning outcomes and assessment")]
    document = _synthetic(SYNTHETIC + cut.replace("Unit 15", "Unit 16"))
    assert [u.ref for u in document.units] == ["Y/506/2135"]
    assert any("no learning outcomes and criteria found" in w.message for w in document.warnings)


def test_text_that_is_not_a_specification_gives_no_units_and_a_warning() -> None:
    document = pearson_l3.parse("Dear customer,\nthank you for your order.\n", "letter.txt")
    assert document.units == []
    assert document.warnings and "nothing read" in document.warnings[0].message
    assert not pearson_l3.looks_like("Dear customer,\nthank you for your order.\n")


def test_looks_like_the_synthetic_page() -> None:
    assert pearson_l3.looks_like(SYNTHETIC)


def test_amplification_quoting_another_criterion_is_reported() -> None:
    text = SYNTHETIC.replace(
        "AC1.3: Explain something the grid does not hold", "AC1.2: Describe the service offer"
    )
    document = _synthetic(text)
    assert document.units[0].criterion("1.2").guidance == ("Orphan: e.g. nothing",)
    assert any("quotes 'Describe the service offer'" in w.message for w in document.warnings)
