"""Merging specifications into one bank: units once, GQA aliases, sources compared,
hand-written questions kept on re-import."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import SEED_FILES
from tutor.banks.files import load_bank, write_unit
from tutor.banks.importers import SpecDocument
from tutor.banks.importers.merge import import_specs, merge, parse_file
from tutor.banks.model import (
    Criterion,
    Outcome,
    OutcomeKind,
    Qualification,
    Question,
    Rubric,
    RubricPoint,
    Unit,
    UnitGroup,
)
from tutor.errors import SpecificationError

# Its module fixtures are costly: every test of the module runs in one worker.
pytestmark = pytest.mark.xdist_group("merge")


def _unit(
    ref: str,
    title: str,
    criteria: dict[str, str],
    source: str,
    level: int = 2,
    guidance: dict[str, tuple[str, ...]] | None = None,
) -> Unit:
    guidance = guidance or {}
    return Unit(
        ref=ref,
        title=title,
        level=level,
        credit=3,
        sources=(source,),
        outcomes=(
            Outcome(
                id="1",
                text="Understand customers",
                kind=OutcomeKind.KNOWLEDGE,
                criteria=tuple(
                    Criterion(
                        id=cid,
                        text=text,
                        verb="Explain",
                        target=True,
                        guidance=guidance.get(cid, ()),
                    )
                    for cid, text in criteria.items()
                ),
            ),
        ),
    )


def _document(body: str, number: str, *units: Unit, groups: bool = True) -> SpecDocument:
    qualification = Qualification(
        number=number,
        title=f"{body} Level 2 Diploma",
        awarding_body=body,
        level=2,
        groups=(UnitGroup("Mandatory", True, None, tuple(u.ref for u in units)),),
    )
    return SpecDocument(
        source=f"{body.lower()}.txt",
        awarding_body=body,
        qualification=qualification if groups else None,
        units=list(units),
    )


CRITERIA = {"1.1": "Explain why customers complain", "1.2": "Explain how to apologise"}


def _ncfe(**kwargs) -> SpecDocument:
    return _document(
        "NCFE",
        "601/3973/0",
        _unit(
            "D/506/2119", "Communicate verbally with customers", CRITERIA, "NCFE unit 06", **kwargs
        ),
    )


def _gqa(title: str = "Communicate verbally with customers", criteria=CRITERIA) -> SpecDocument:
    return _document(
        "GQA",
        "603/5637/6",
        _unit("Y/618/0471", title, criteria, "GQA unit CS7"),
        _unit("A/618/0494", "Processing sales orders", {"1.1": "Explain orders"}, "GQA CS23"),
    )


def _messages(warnings, unit: str | None = None) -> list[str]:
    return [w.message for w in warnings if unit is None or w.unit == unit]


def test_unit_in_several_sources_is_held_once() -> None:
    proqual = _document(
        "ProQual",
        "601/3577/3",
        _unit("D/506/2119", "Communicate verbally with customers", CRITERIA, "ProQual"),
    )
    bank, warnings = merge([_ncfe(), proqual])
    assert list(bank.units) == ["D/506/2119"]
    assert bank.units["D/506/2119"].sources == ("NCFE unit 06", "ProQual")
    assert warnings == []


def test_guidance_from_each_body_is_joined_without_repeats() -> None:
    pearson = _document(
        "Pearson",
        "603/0000/0",
        _unit(
            "D/506/2119",
            "Communicate verbally with customers",
            CRITERIA,
            "Pearson unit 14",
            guidance={"1.1": ("e.g. faulty goods", "late delivery")},
        ),
    )
    ncfe = _ncfe(guidance={"1.1": ("Late delivery.", "rudeness")})
    bank, _ = merge([pearson, ncfe])
    criterion = bank.units["D/506/2119"].criterion("1.1")
    assert criterion.guidance == ("Late delivery.", "rudeness", "e.g. faulty goods")


def test_gqa_unit_is_held_under_the_506_reference_with_its_alias() -> None:
    bank, _ = merge([_gqa(), _ncfe()])
    unit = bank.unit("Y/618/0471")
    assert unit is not None and unit.ref == "D/506/2119"
    assert unit.aliases == ("Y/618/0471",)
    assert set(unit.sources) == {"NCFE unit 06", "GQA unit CS7"}
    assert "Y/618/0471" not in bank.units


def test_gqa_unit_without_a_506_counterpart_keeps_its_own_reference() -> None:
    bank, _ = merge([_ncfe(), _gqa()])
    assert bank.units["A/618/0494"].aliases == ()


def test_gqa_groups_name_the_506_references() -> None:
    bank, _ = merge([_ncfe(), _gqa()])
    gqa = next(q for q in bank.qualifications if q.awarding_body == "GQA")
    assert gqa.groups[0].units == ("D/506/2119", "A/618/0494")


def test_misspelt_gqa_title_still_maps_and_is_reported() -> None:
    bank, warnings = merge([_ncfe(), _gqa(title="Communicate verbaly with customers")])
    assert bank.unit("Y/618/0471").ref == "D/506/2119"
    message = " ".join(_messages(warnings, "Y/618/0471"))
    assert "'verbaly' for 'verbally'" in message


def test_unlike_title_is_not_mapped() -> None:
    bank, _ = merge([_ncfe(), _gqa(title="Communicate in writing with customers")])
    assert bank.unit("Y/618/0471").ref == "Y/618/0471"


def test_criterion_missing_from_one_source_is_reported_and_kept() -> None:
    bank, warnings = merge([_ncfe(), _gqa(criteria={"1.1": CRITERIA["1.1"]})])
    assert bank.units["D/506/2119"].criterion("1.2") is not None
    found = [w for w in warnings if "1.2" in w.message]
    assert len(found) == 1
    assert found[0].unit == "Y/618/0471"
    assert found[0].source == "gqa.txt"
    assert "missing" in found[0].message and "NCFE unit 06" in found[0].message


def test_material_wording_difference_is_reported_but_punctuation_and_plurals_are_not() -> None:
    small = {"1.1": "Explain why customer's complain.", "1.2": "Explain how to apologises"}
    _, warnings = merge([_ncfe(), _gqa(criteria=small)])
    assert warnings == []
    changed = {**CRITERIA, "1.2": "Explain when to refund"}
    _, warnings = merge([_ncfe(), _gqa(criteria=changed)])
    assert [w.unit for w in warnings] == ["Y/618/0471"]
    assert "Explain when to refund" in warnings[0].message


def test_level_disagreement_is_reported() -> None:
    proqual = _document(
        "ProQual",
        "601/3577/3",
        _unit("D/506/2119", "Communicate verbally with customers", CRITERIA, "ProQual", level=3),
    )
    bank, warnings = merge([_ncfe(), proqual])
    assert bank.units["D/506/2119"].level == 2
    assert any("level disagrees" in m for m in _messages(warnings, "D/506/2119"))


def _question(qid: str = "q1") -> Question:
    return Question(
        id=qid,
        text="Why do customers complain?",
        rubric=Rubric(points=(RubricPoint("faulty goods", ("broken",)),)),
    )


def _small_gqa_spec(tmp_path: Path) -> Path:
    spec = tmp_path / "spec.txt"
    spec.write_text(
        "GQA Level 2 Certificate in Testing\n\nQualification Number\n600/0000/1\n\n"
        "H/618/0196\tDeal with customers\tLevel 2\t3 Credits\nCS1\t\t\t\n\n"
        "Learning outcome. The learner will:\tAssessment criteria. The learner can:\t\t\n"
        "1. Understand customers\t1.1 Explain why customers complain\t\t\n"
        "\t1.2 Describe ways to apologise\t\t\n"
        "Assessor comments\n",
        encoding="utf-8",
    )
    return spec


def test_reimport_keeps_hand_written_questions(tmp_path: Path) -> None:
    spec = _small_gqa_spec(tmp_path)
    out = tmp_path / "bank"
    first = import_specs([spec], out)
    assert not first.errors and first.written
    unit = first.bank.units["H/618/0196"]
    outcome = unit.outcomes[0]
    authored = replace(
        outcome,
        criteria=(
            replace(outcome.criteria[0], questions=(_question(),)),
            outcome.criteria[1],
            Criterion(id="1.9", text="Explain a withdrawn thing", questions=(_question("q9"),)),
        ),
    )
    write_unit(replace(unit, outcomes=(authored,)), out)

    second = import_specs([spec], out)

    bank, problems = load_bank(out)
    assert problems == []
    reread = bank.units["H/618/0196"]
    assert reread.criterion("1.1").questions == (_question(),)
    assert reread.criterion("1.9").questions == (_question("q9"),)
    assert reread.criterion("1.2").text == "Describe ways to apologise"
    assert any("1.9" in w.message and "no longer" in w.message for w in second.warnings)


def test_reimport_refuses_to_overwrite_a_unit_file_it_cannot_fully_read(tmp_path: Path) -> None:
    spec = _small_gqa_spec(tmp_path)
    out = tmp_path / "bank"
    import_specs([spec], out)
    unit_file = out / "units" / "H-618-0196.yaml"
    broken = unit_file.read_text().replace(
        "    target: true\n", "    target: true\n    questoins: [{id: q1, text: Why?}]\n", 1
    )
    unit_file.write_text(broken)

    with pytest.raises(SpecificationError, match=r"H-618-0196\.yaml"):
        import_specs([spec], out)
    assert unit_file.read_text() == broken


def test_gqa_unit_moved_under_its_506_reference_takes_its_questions(tmp_path: Path) -> None:
    gqa_spec = _small_gqa_spec(tmp_path)
    out = tmp_path / "bank"
    first = import_specs([gqa_spec], out)
    unit = first.bank.units["H/618/0196"]
    outcome = unit.outcomes[0]
    asked = replace(outcome.criteria[0], questions=(_question(),))
    write_unit(
        replace(unit, outcomes=(replace(outcome, criteria=(asked, *outcome.criteria[1:])),)), out
    )
    proqual = _document(
        "ProQual",
        "601/3577/3",
        _unit(
            "L/506/2150",
            "Deal with customers",
            {"1.1": "Explain why customers complain"},
            "ProQual",
        ),
    )
    existing, _ = load_bank(out)

    bank, warnings = merge([proqual, parse_file(gqa_spec)], existing)

    assert "H/618/0196" not in bank.units
    moved = bank.units["L/506/2150"]
    assert moved.aliases == ("H/618/0196",)
    assert moved.criterion("1.1").questions == (_question(),)
    assert any("now held as L/506/2150" in m for m in _messages(warnings, "H/618/0196"))


def test_units_of_the_bank_not_reimported_are_kept() -> None:
    existing, _ = merge([_ncfe()])
    other = _document(
        "GQA",
        "603/5637/6",
        _unit("A/618/0494", "Processing sales orders", {"1.1": "Explain orders"}, "GQA CS23"),
    )
    bank, _ = merge([other], existing)
    assert set(bank.units) == {"D/506/2119", "A/618/0494"}
    assert {q.number for q in bank.qualifications} == {"601/3973/0", "603/5637/6"}


def test_gqa_alone_maps_to_the_506_unit_already_in_the_bank() -> None:
    existing, _ = merge([_ncfe()])
    bank, _ = merge([_gqa()], existing)
    unit = bank.units["D/506/2119"]
    assert "Y/618/0471" in unit.aliases
    assert set(unit.sources) == {"NCFE unit 06", "GQA unit CS7"}


# --- the seeds -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_merge(seeds_dir: Path):
    documents = [parse_file(seeds_dir / name) for name in SEED_FILES.values()]
    return merge(documents)


def test_every_gqa_seed_unit_maps_to_a_506_series_unit(seed_merge) -> None:
    bank, _ = seed_merge
    gqa = next(q for q in bank.qualifications if q.awarding_body == "GQA")
    assert len(gqa.unit_refs) == 23
    assert not [ref for ref in gqa.unit_refs if "/618/" in ref]
    assert bank.unit("H/618/0196").ref == "L/506/2150"
    assert bank.unit("M/618/0489").ref == "T/506/1820"


def test_seed_known_disagreements_are_reported(seed_merge) -> None:
    _, warnings = seed_merge
    assert any("criterion 1.6 is missing" in m for m in _messages(warnings, "Y/618/0471"))
    assert any("criterion 3.6 is missing" in m for m in _messages(warnings, "L/618/0466"))
    assert any("'diversion' for 'diversity'" in m for m in _messages(warnings, "M/618/0489"))


def test_seed_units_are_held_once(seed_merge) -> None:
    bank, _ = seed_merge
    refs = [ref for unit in bank.units.values() for ref in (unit.ref, *unit.aliases)]
    assert len(refs) == len(set(refs))
    assert len(bank.unit("Y/506/2135").sources) >= 3
