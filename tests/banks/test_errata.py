from __future__ import annotations

from pathlib import Path

import pytest

from tests.banks.bank_fixtures import small_unit
from tutor.banks.errata import ADDED, CORRECTED, STALE, Erratum, correct_documents, read_errata
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


def test_a_malformed_errata_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "errata.yaml"
    path.write_text("- unit: J/506/2132\n  corrected: x\n")
    with pytest.raises(BankError, match="needs 'criterion' or 'outcome'"):
        read_errata(path)
