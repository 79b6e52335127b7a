"""The source decisions of question_banks/errata.yaml, applied to the seed specifications.

Each decision names the source's words, the decision and why; importing the seeds applies
every one, and one whose words a source no longer prints is reported, never applied.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import SEED_FILES, SHIPPED_BANKS
from tutor.banks.errata import ERRATA_FILE, STALE, read_errata
from tutor.banks.importers import SpecDocument
from tutor.banks.importers.merge import ImportResult, import_specs
from tutor.banks.model import Bank, Unit

ERRATA = SHIPPED_BANKS / ERRATA_FILE
BESPOKE = "J/502/4397"


@pytest.fixture(scope="module")
def seed_import(seeds_dir: Path) -> ImportResult:
    return import_specs([seeds_dir / name for name in SEED_FILES.values()], banks=SHIPPED_BANKS)


def _document(result: ImportResult, seed: str) -> SpecDocument:
    return next(d for d in result.documents if d.source == SEED_FILES[seed])


def _unit(result: ImportResult, seed: str, ref: str) -> Unit:
    return next(u for u in _document(result, seed).units if u.ref == ref)


def _wording(unit: Unit) -> list[tuple[str, str, list[tuple[str, str]]]]:
    return [(o.id, o.text, [(c.id, c.text) for c in o.criteria]) for o in unit.outcomes]


def test_every_decision_names_the_sources_words_the_decision_and_why() -> None:
    items = yaml.safe_load(ERRATA.read_text(encoding="utf-8"))
    for item in items:
        assert {"unit", "printed", "corrected", "reason"} <= set(item), item
        assert item["reason"].strip(), item
        # Only a criterion can be missing from a source: then it prints nothing there.
        if item["printed"] is None:
            assert item.get("criterion") and item.get("field", "text") == "text", item
    assert len(read_errata(ERRATA)) == len(items)


def test_every_decision_applies_to_the_seeds(seed_import: ImportResult) -> None:
    for erratum in read_errata(ERRATA):
        found = [c for c in seed_import.corrections if c.erratum == erratum]
        assert found and all(c.applied for c in found), (erratum, [c.result for c in found])


def test_bespoke_software_is_held_in_pearsons_level_3_wording(
    seed_import: ImportResult, shipped_bank: Bank
) -> None:
    pearson = _unit(seed_import, "pearson_l3", BESPOKE)
    proqual = _unit(seed_import, "proqual", BESPOKE)
    held = shipped_bank.units[BESPOKE]
    assert _wording(proqual) == _wording(pearson) == _wording(held)
    criterion = held.criterion("2.1")
    assert criterion is not None
    assert criterion.text == (
        "Evaluate the use of software functions to structure, layout and style information"
    )
    assert (criterion.verb, criterion.target) == ("Evaluate", True)
    assert held.criterion("1.3") is None  # the Level 2 unit's "Respond … error messages"
    assert (held.level, held.credit) == (3, 4)
    assert not [w for w in seed_import.warnings if w.unit == BESPOKE and "reads" in w.message]


def test_proqual_bespoke_page_is_read_under_its_right_reference(
    seed_import: ImportResult,
) -> None:
    refs = {u.ref for u in _document(seed_import, "proqual").units}
    assert BESPOKE in refs and "F/502/4397" not in refs


def test_guidance_garbled_or_dropped_by_the_extraction_is_decided(shipped_bank: Bank) -> None:
    organisations = shipped_bank.units["A/506/1964"]
    assert organisations.criterion("1.1").guidance == ()
    assert any(
        "features of formal organisational structures" in g
        for g in organisations.criterion("1.2").guidance
    )
    improvements = shipped_bank.units["L/506/9017"].criterion("3.1")
    assert improvements.guidance == (
        "Working with others: team working; projects; co-operative exchanges of information; "
        "product champions; secondments Personal development: learning from customer "
        "feedback; observing skilled colleagues; attending training events; setting personal "
        "development targets",
    )


def test_gqa_decisions_are_applied_to_its_own_copies(seed_import: ImportResult) -> None:
    assert _unit(seed_import, "gqa", "F/618/0481").level == 3
    assert _unit(seed_import, "gqa", "M/618/0489").title == (
        "Promote equality, diversity and inclusion in the workplace"
    )
    assert _unit(seed_import, "gqa", "Y/618/0471").criterion("1.6") is not None
    assert _unit(seed_import, "gqa", "L/618/0466").criterion("3.6") is not None
    merge_notes = [str(w) for w in seed_import.warnings if w.unit.startswith(("Y/618", "L/618"))]
    assert not [n for n in merge_notes if "is missing here" in n]
    assert not [str(w) for w in seed_import.warnings if "a misspelling?" in w.message]


@pytest.mark.parametrize(
    ("seed", "printed", "now", "where"),
    [
        (
            "pearson_principles",
            "Working with others: team working;",
            "Working with others: teamwork;",
            "L/506/9017: guidance of criterion 3.1",
        ),
        (
            "proqual",
            "2.1 Describe what functions to apply to structure and layout",
            "2.1 Describe which functions to apply to structure and layout",
            f"{BESPOKE}: criterion 2.1",
        ),
    ],
)
def test_a_decision_whose_source_words_are_gone_is_reported_not_applied(
    seeds_dir: Path, tmp_path: Path, seed: str, printed: str, now: str, where: str
) -> None:
    text = (seeds_dir / SEED_FILES[seed]).read_text(encoding="utf-8")
    assert text.count(printed) == 1
    changed = tmp_path / SEED_FILES[seed]
    changed.write_text(text.replace(printed, now), encoding="utf-8")
    result = import_specs([changed], banks=SHIPPED_BANKS)
    (stale,) = [c for c in result.corrections if c.result == STALE]
    assert f"{stale.erratum.unit}: {stale.erratum.where}" == where
    reported = [str(w) for w in result.warnings if w.source == changed.name]
    assert f"{where}: erratum {STALE} (it expects {stale.erratum.printed!r})" in reported
    unit = next(u for u in result.documents[0].units if u.ref == where.split(":")[0])
    criterion = unit.criterion(where.rsplit(" ", 1)[-1])
    assert criterion is not None
    assert stale.erratum.corrected not in (criterion.text, *criterion.guidance)
