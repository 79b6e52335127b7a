from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.banks.bank_fixtures import small_unit
from tutor.banks.errata import (
    ADDED,
    ALREADY_PRINTED,
    CORRECTED,
    REMOVED,
    STALE,
    Erratum,
    correct_documents,
    read_errata,
)
from tutor.banks.importers import SpecDocument
from tutor.errors import BankError

DOCUMENT = SpecDocument(source="spec.txt", awarding_body="NCFE", units=[small_unit()])


def _correct(erratum: Erratum, *documents: SpecDocument) -> tuple[list[SpecDocument], list]:
    return correct_documents(documents or (DOCUMENT,), [erratum])


def test_an_erratum_corrects_the_printed_text_and_says_so() -> None:
    erratum = Erratum(
        unit="J/506/2132",
        criterion="1.2",
        printed="Describe the role of the customer service professional",
        corrected="Explain the role of the customer service professional",
        reason="checked against the printed specification",
    )
    (document,), (correction,) = _correct(erratum)
    criterion = document.units[0].criterion("1.2")
    assert criterion.text == "Explain the role of the customer service professional"
    assert criterion.verb == "Explain"
    assert (correction.source, correction.result) == ("spec.txt", CORRECTED)
    assert "erratum corrected" in correction.message
    assert DOCUMENT.units[0].criterion("1.2").text.startswith("Describe")  # input untouched


def test_a_stale_erratum_never_overwrites_a_source_that_changed() -> None:
    erratum = Erratum(
        unit="J/506/2132",
        criterion="1.2",
        printed="Something else entirely",
        corrected="Wrong",
        reason="old",
    )
    (document,), (correction,) = _correct(erratum)
    assert document.units[0].criterion("1.2").text.startswith("Describe the role")
    assert correction.result == STALE
    assert "no longer matches" in correction.message


def test_an_erratum_can_restore_a_criterion_the_source_lost() -> None:
    erratum = Erratum(
        unit="J/506/2132",
        criterion="1.3",
        corrected="Explain why complaints matter",
        reason="lost in extraction",
    )
    (document,), (correction,) = _correct(erratum)
    unit = document.units[0]
    assert [c.id for c in unit.outcomes[0].criteria] == ["1.1", "1.2", "1.3"]
    assert unit.criterion("1.3").target
    assert correction.result == ADDED


def test_an_erratum_is_reported_only_for_the_files_it_corrected() -> None:
    erratum = Erratum(
        unit="J/506/2132",
        criterion="1.3",
        corrected="Explain why complaints matter",
        reason="lost in extraction",
    )
    (restored,), _ = _correct(erratum)
    printed_whole = SpecDocument(source="other.txt", awarding_body="ProQual", units=restored.units)
    _, corrections = _correct(erratum, DOCUMENT, printed_whole)
    assert [(c.source, c.result) for c in corrections] == [("spec.txt", ADDED)]


def test_an_erratum_can_remove_a_criterion_the_source_printed_wrongly() -> None:
    erratum = Erratum(
        unit="J/506/2132",
        criterion="1.2",
        printed="Describe the role of the customer service professional",
        corrected=None,
        reason="another unit's criterion",
    )
    (document,), (correction,) = _correct(erratum)
    assert [c.id for c in document.units[0].outcomes[0].criteria] == ["1.1"]
    assert correction.result == REMOVED
    assert "Describe the role" in correction.message


def test_an_erratum_not_needed_any_more_says_so() -> None:
    erratum = Erratum(
        unit="J/506/2132",
        criterion="1.2",
        printed="Describe the rle of the customer",
        corrected="Describe the role of the customer service professional",
        reason="cut short",
    )
    (_,), (correction,) = _correct(erratum)
    assert correction.result == ALREADY_PRINTED
    assert "remove the erratum" in correction.message


GUIDANCE = "Greeting: smile; eye contact; use the customer's name"


def _with_guidance(*items: str) -> SpecDocument:
    unit = small_unit()
    (outcome, competence) = unit.outcomes
    criteria = (replace(outcome.criteria[0], guidance=items), outcome.criteria[1])
    unit = replace(unit, outcomes=(replace(outcome, criteria=criteria), competence))
    return SpecDocument(
        source="spec.txt",
        awarding_body="Pearson",
        units=[unit],
        text=f"1\tUnderstand customer service\t\t{GUIDANCE}\n",
    )


def test_guidance_keyed_to_the_wrong_criterion_is_removed() -> None:
    erratum = Erratum(
        unit="J/506/2132",
        criterion="1.1",
        field="guidance",
        printed="e.g. functional, line, matrix",
        corrected=None,
        reason="a fragment of 1.2's",
    )
    (document,), (correction,) = _correct(
        erratum, _with_guidance("Scope: e.g. functional, line, matrix")
    )
    assert correction.result == STALE  # not the whole item: nothing is removed
    (document,), (correction,) = _correct(erratum, _with_guidance("e.g. functional, line, matrix"))
    assert document.units[0].criterion("1.1").guidance == ()
    assert correction.result == REMOVED


def test_guidance_the_parser_could_not_place_is_restored_while_the_source_prints_it() -> None:
    erratum = Erratum(
        unit="J/506/2132",
        criterion="1.1",
        field="guidance",
        printed="Greeting: smile; eye contact;  use the customer's name",
        corrected=GUIDANCE,
        reason="printed on the outcome's row",
    )
    (document,), (correction,) = _correct(erratum, _with_guidance())
    assert document.units[0].criterion("1.1").guidance == (GUIDANCE,)
    assert correction.result == ADDED
    gone = replace(_with_guidance(), text="1\tUnderstand customer service\n")
    (document,), (correction,) = _correct(erratum, gone)
    assert document.units[0].criterion("1.1").guidance == ()
    assert correction.result == STALE
    assert "no longer matches" in correction.message and "Greeting: smile" in correction.message
    (_,), (correction,) = _correct(erratum, _with_guidance(GUIDANCE))
    assert correction.result == ALREADY_PRINTED


def test_a_criterion_whose_words_the_source_no_longer_prints_is_not_added() -> None:
    erratum = Erratum(
        unit="J/506/2132",
        criterion="1.3",
        printed="smile; eye contact",
        corrected="Explain why a greeting matters",
        reason="run into the outcome",
    )
    (document,), (correction,) = _correct(erratum, _with_guidance())
    assert document.units[0].criterion("1.3") is not None and correction.result == ADDED
    (document,), (correction,) = _correct(erratum, replace(_with_guidance(), text=""))
    assert document.units[0].criterion("1.3") is None and correction.result == STALE


def test_a_unit_field_is_decided_only_while_the_source_prints_it() -> None:
    level = Erratum(unit="J/506/2132", field="level", printed="3", corrected="2", reason="x")
    (document,), (correction,) = _correct(level)
    assert correction.result == ALREADY_PRINTED and document.units[0].level == 2
    level = Erratum(unit="J/506/2132", field="level", printed="2", corrected="3", reason="x")
    (document,), (correction,) = _correct(level)
    assert (correction.result, document.units[0].level) == (CORRECTED, 3)
    title = Erratum(
        unit="J/506/2132", field="title", printed="Principles", corrected="x", reason="x"
    )
    (document,), (correction,) = _correct(title)
    assert correction.result == STALE and document.units[0].title.startswith("Principles of")


def test_a_reference_is_decided_before_the_errata_that_name_the_unit_by_it() -> None:
    misprinted = replace(small_unit(), ref="F/506/2132")
    document = SpecDocument(source="spec.txt", awarding_body="ProQual", units=[misprinted])
    errata = [
        Erratum(
            unit="J/506/2132",
            criterion="2.1",
            printed="Greet customers",
            corrected="Greet customers warmly",
            reason="y",
        ),
        Erratum(
            unit="F/506/2132", field="ref", printed="F/506/2132", corrected="J/506/2132", reason="x"
        ),
    ]
    (corrected,), corrections = correct_documents([document], errata)
    assert corrected.units[0].ref == "J/506/2132"
    assert corrected.units[0].criterion("2.1").text == "Greet customers warmly"
    assert [(c.erratum.field, c.result, c.ref) for c in corrections] == [
        ("ref", CORRECTED, "J/506/2132"),
        ("text", CORRECTED, "J/506/2132"),
    ]


def test_an_erratum_for_one_source_leaves_the_others_copies_alone() -> None:
    erratum = Erratum(
        unit="J/506/2132",
        source="ProQual",
        criterion="1.2",
        printed="Describe the role of the customer service professional",
        corrected="Explain the role of the customer service professional",
        reason="ProQual prints another unit's wording",
    )
    proqual = SpecDocument(source="pq.txt", awarding_body="ProQual", units=[small_unit()])
    (ncfe, corrected), (correction,) = _correct(erratum, DOCUMENT, proqual)
    assert ncfe.units[0].criterion("1.2").text.startswith("Describe")
    assert corrected.units[0].criterion("1.2").text.startswith("Explain")
    assert correction.source == "pq.txt"


def test_correcting_an_outcome_sets_its_kind_and_its_criteria_targets() -> None:
    erratum = Erratum(
        unit="J/506/2132",
        outcome="2",
        printed="Be able to greet customers",
        corrected="Understand how to greet customers",
        reason="z",
    )
    (document,), _ = _correct(erratum)
    outcome = document.units[0].outcomes[1]
    assert outcome.kind.value == "knowledge"
    assert outcome.criteria[0].target


@pytest.mark.parametrize(
    ("item", "problem"),
    [
        ("corrected: x", "needs 'printed'"),
        ("printed: x", "needs 'corrected'"),
        ("printed: x\n  corrected: y\n  reason: r", "needs 'criterion', 'outcome' or a unit field"),
        ("criterion: '1.1'\n  printed: x\n  corrected: y", "needs a 'reason'"),
        ("criterion: '1.1'\n  printed: null\n  corrected: null\n  reason: r", "nothing to decide"),
        ("outcome: '1'\n  printed: null\n  corrected: y\n  reason: r", "needs 'printed'"),
        ("field: level\n  printed: '2'\n  corrected: null\n  reason: r", "needs 'corrected'"),
        ("field: colour\n  printed: x\n  corrected: y\n  reason: r", "cannot correct 'colour'"),
        ("outcome: '1'\n  field: guidance\n  printed: x\n  corrected: y\n  reason: r", "guidance"),
    ],
)
def test_a_malformed_errata_file_is_a_clear_error(tmp_path: Path, item: str, problem: str) -> None:
    path = tmp_path / "errata.yaml"
    path.write_text(f"- unit: J/506/2132\n  {item}\n")
    with pytest.raises(BankError, match=problem):
        read_errata(path)
