from __future__ import annotations

from pathlib import Path

import pytest

from tests.banks.bank_fixtures import small_unit
from tutor.banks.errata import Erratum, apply_errata, read_errata
from tutor.banks.model import Bank
from tutor.errors import BankError

BANK = Bank(units={"J/506/2132": small_unit()})


def test_an_erratum_corrects_the_printed_text_and_says_so() -> None:
    erratum = Erratum(
        unit="J/506/2132",
        criterion="1.2",
        printed="Describe the role of the customer service professional",
        corrected="Explain the role of the customer service professional",
        reason="checked against the printed specification",
    )
    bank, (warning,) = apply_errata(BANK, [erratum])
    criterion = bank.units["J/506/2132"].criterion("1.2")
    assert criterion.text == "Explain the role of the customer service professional"
    assert criterion.verb == "Explain"
    assert "erratum corrected" in warning.message


def test_a_stale_erratum_never_overwrites_a_source_that_changed() -> None:
    erratum = Erratum(
        unit="J/506/2132",
        criterion="1.2",
        printed="Something else entirely",
        corrected="Wrong",
        reason="old",
    )
    bank, (warning,) = apply_errata(BANK, [erratum])
    assert bank.units["J/506/2132"].criterion("1.2").text.startswith("Describe the role")
    assert "no longer matches" in warning.message


def test_an_erratum_can_restore_a_criterion_the_source_lost() -> None:
    erratum = Erratum(
        unit="J/506/2132",
        criterion="1.3",
        corrected="Explain why complaints matter",
        reason="lost in extraction",
    )
    bank, _ = apply_errata(BANK, [erratum])
    unit = bank.units["J/506/2132"]
    assert [c.id for c in unit.outcomes[0].criteria] == ["1.1", "1.2", "1.3"]
    assert unit.criterion("1.3").target


def test_a_malformed_errata_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "errata.yaml"
    path.write_text("- unit: J/506/2132\n  corrected: x\n")
    with pytest.raises(BankError, match="needs 'criterion' or 'outcome'"):
        read_errata(path)
