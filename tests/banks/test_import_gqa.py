"""The GQA importer: tab-separated unit tables, GQA's own references, the source's errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEED_FILES
from tutor.banks.importers import SpecDocument, gqa
from tutor.banks.model import OutcomeKind

# Its module fixtures are costly: every test of the module runs in one worker.
pytestmark = pytest.mark.xdist_group("import_gqa")


@pytest.fixture(scope="module")
def gqa_text(seeds_dir: Path) -> str:
    return (seeds_dir / SEED_FILES["gqa"]).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def document(gqa_text: str) -> SpecDocument:
    return gqa.parse(gqa_text, SEED_FILES["gqa"])


def _messages(document: SpecDocument, ref: str) -> list[str]:
    return [w.message for w in document.warnings if w.unit == ref]


def test_every_unit_outcome_and_criterion_is_read(document: SpecDocument) -> None:
    assert len(document.units) == 23
    assert sum(len(u.outcomes) for u in document.units) == 62
    assert sum(len(u.criteria()) for u in document.units) == 297


def test_forms_are_not_read_as_units(document: SpecDocument) -> None:
    titles = " ".join(u.title for u in document.units)
    assert "COMPETENCE" not in titles.upper()
    assert all(u.ref.split("/")[1] == "618" for u in document.units)


def test_qualification_and_its_groups(document: SpecDocument) -> None:
    q = document.qualification
    assert q is not None
    assert (q.number, q.awarding_body, q.level) == ("603/5637/6", "GQA", 3)
    assert q.title == "GQA Level 3 Diploma in Customer Service"
    names = [(g.name, g.mandatory, g.min_credits, len(g.units)) for g in q.groups]
    assert names == [
        ("Mandatory", True, None, 6),
        ("Optional Group 1", False, 15, 10),
        ("Optional Group 2", False, 9, 7),
    ]
    assert q.groups[0].units[0] == "H/618/0196"


def test_unit_texts_are_exact(document: SpecDocument) -> None:
    unit = next(u for u in document.units if u.ref == "H/618/0196")
    assert (unit.title, unit.level, unit.credit, unit.glh) == (
        "Organise and deliver customer service",
        3,
        5,
        None,
    )
    assert unit.outcomes[0].text == "Understand how to organise customer service delivery"
    assert unit.outcomes[0].kind is OutcomeKind.KNOWLEDGE
    assert unit.outcomes[1].kind is OutcomeKind.COMPETENCE
    criterion = unit.criterion("1.6")
    assert criterion is not None
    assert criterion.text == 'Explain how to analyse the "customer journey"'
    assert (criterion.verb, criterion.target) == ("Explain", True)
    assert unit.criterion("2.6").target is False  # "Allocate priorities ..." is a competence


def test_curly_quotes_are_straightened(document: SpecDocument) -> None:
    unit = next(u for u in document.units if u.ref == "Y/618/0471")
    assert unit.criterion("1.3").text == 'Explain why "customer service language" is used'
    assert unit.criterion("2.1").text == "Identify customers' wants and priorities"


def test_stray_page_number_is_removed_and_reported(document: SpecDocument) -> None:
    unit = next(u for u in document.units if u.ref == "A/618/0477")
    assert unit.criterion("1.7").text.endswith("internal and external customer relationships")
    assert any("stray page number" in m for m in _messages(document, "A/618/0477"))


def test_level_disagreement_is_reported_and_left_to_the_errata(document: SpecDocument) -> None:
    unit = next(u for u in document.units if u.ref == "F/618/0481")
    assert unit.level == 2  # the heading's: errata.yaml records that 3 is right
    (message,) = (m for m in _messages(document, "F/618/0481") if "level disagrees" in m)
    assert "the heading's is kept" in message and "errata.yaml" in message


def test_misspelt_title_is_reported(document: SpecDocument) -> None:
    assert any("diversion" in m for m in _messages(document, "M/618/0489"))


def test_seed_has_no_other_warnings(document: SpecDocument) -> None:
    assert {w.unit for w in document.warnings} == {"A/618/0477", "F/618/0481", "M/618/0489"}


TABLE = (
    "Learning outcome. The learner will:\tAssessment criteria. The learner can:\t"
    "Evidence.Ref.No\t\t\n"
)


def _spec(*units: str) -> str:
    head = "GQA Level 2 Certificate in Testing\n\nQualification Number\n600/0000/1\n\n"
    return head + "\n".join(units)


def _unit(ref: str, rows: str, title: str = "Deal with customers", close: bool = True) -> str:
    end = "\nAssessor comments\n" if close else ""
    return f"{ref}\t{title}\tLevel 2\t3 Credits\nCS1\t\t\t\n\n{TABLE}{rows}{end}"


def test_html_fragments_are_stripped() -> None:
    rows = (
        "1. Understand <b>customers</b>\t1.1 Explain <i>why</i> customers<br>complain"
        ' <input type="checkbox"/>\t\t\t\n'
        "\t1.2 Describe R&amp;D\t\t\t\n"
    )
    document = gqa.parse(_spec(_unit("H/618/0196", rows)), "x.txt")
    unit = document.units[0]
    assert unit.outcomes[0].text == "Understand customers"
    assert unit.criterion("1.1").text == "Explain why customers complain"
    assert unit.criterion("1.2").text == "Describe R&D"


def test_wrong_check_letter_is_reported() -> None:
    document = gqa.parse(_spec(_unit("A/618/0196", "1. Know x\t1.1 State y\t\t\t\n")), "x.txt")
    assert any("check letter" in w.message and "H" in w.message for w in document.warnings)


def test_unit_printed_twice_is_held_once_and_reported() -> None:
    rows = "1. Know x\t1.1 State y\t\t\t\n"
    document = gqa.parse(_spec(_unit("H/618/0196", rows), _unit("H/618/0196", rows)), "x.txt")
    assert len(document.units) == 1
    assert any("twice" in w.message for w in document.warnings)


def test_truncated_file_keeps_what_it_read_and_warns(gqa_text: str) -> None:
    cut = gqa_text[: gqa_text.index("1.6 Explain the importance of security settings")]
    document = gqa.parse(cut, "cut.txt")
    assert len(document.units) == 16
    last = document.units[-1]
    assert last.ref == "A/618/0480"
    assert [c.id for _, c in last.criteria()] == ["1.1", "1.2", "1.3", "1.4", "1.5"]
    assert any("truncated" in m for m in _messages(document, "A/618/0480"))
    assert any("no unit section" in m for m in _messages(document, "A/618/0494"))


def test_looks_like_only_gqa(seeds_dir: Path) -> None:
    found = {
        name
        for name, file in SEED_FILES.items()
        if gqa.looks_like((seeds_dir / file).read_text(encoding="utf-8"))
    }
    assert found == {"gqa"}
