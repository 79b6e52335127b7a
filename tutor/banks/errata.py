"""Errata: human corrections to a specification's printed text, applied on every import.

Some extractions are damaged (cells overlaid, words lost). The importer reports such text and
never guesses; an author who has checked the printed specification records the correct
wording in `errata.yaml` beside the bank, with the text as printed and a reason. An erratum
applies only while the source still prints exactly that text, so a corrected source is never
overwritten by a stale correction. Errata correct each parsed specification before the merge,
so the import's JSON and the bank hold the same text, and say which of it is a correction.

    - unit: K/506/9011
      criterion: '1.6'                  # or `outcome: '3'` to correct an outcome's text
      printed: Describe the fea effective follow-   # omit to add a criterion the source lost
      corrected: Describe the features of effective follow-up service
      reason: the extraction overlays this cell with its amplification
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from tutor.banks.importers import SpecDocument
from tutor.banks.model import Criterion, Outcome, OutcomeKind, Unit
from tutor.banks.verbs import command_verb, is_knowledge_outcome, is_target_criterion
from tutor.errors import BankError

ERRATA_FILE = "errata.yaml"


@dataclass(frozen=True)
class Erratum:
    unit: str
    corrected: str
    reason: str
    criterion: str | None = None
    outcome: str | None = None
    printed: str | None = None

    @property
    def where(self) -> str:
        return f"criterion {self.criterion}" if self.criterion else f"outcome {self.outcome}"


# What applying an erratum to a specification did: it changed the text, or why it did not.
CORRECTED = "corrected"
ADDED = "added (missing from the source)"
ALREADY_PRINTED = "not needed: the source prints this criterion; remove the erratum"
STALE = "no longer matches the source's text; check it and update it"


@dataclass(frozen=True)
class Correction:
    """What one erratum did to one specification file (`source`): `result` says it
    corrected or added the text, or why it did not."""

    erratum: Erratum
    source: str
    result: str

    @property
    def applied(self) -> bool:
        return self.result in (CORRECTED, ADDED)

    @property
    def message(self) -> str:
        text = f"{self.erratum.where}: erratum {self.result}"
        if self.applied:
            text += f": {self.erratum.corrected!r} ({self.erratum.reason})"
        return text


def read_errata(path: Path) -> list[Erratum]:
    """The errata in `path` (none if it does not exist)."""
    if not path.is_file():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise BankError(f"{path}: cannot be read as YAML ({exc.__class__.__name__})") from exc
    if not isinstance(data, list):
        raise BankError(f"{path}: should be a list of corrections")
    errata = []
    for i, item in enumerate(data, 1):
        if not isinstance(item, dict) or not item.get("unit") or not item.get("corrected"):
            raise BankError(f"{path}: item {i} needs at least 'unit' and 'corrected'")
        if not item.get("criterion") and not item.get("outcome"):
            raise BankError(f"{path}: item {i} needs 'criterion' or 'outcome'")
        errata.append(
            Erratum(
                unit=str(item["unit"]).upper(),
                corrected=str(item["corrected"]).strip(),
                reason=str(item.get("reason", "")).strip(),
                criterion=str(item["criterion"]) if item.get("criterion") else None,
                outcome=str(item["outcome"]) if item.get("outcome") else None,
                printed=str(item["printed"]).strip() if item.get("printed") else None,
            )
        )
    return errata


def _criterion(erratum: Erratum, outcome: Outcome, old: Criterion | None) -> Criterion:
    text = erratum.corrected
    base = old or Criterion(id=erratum.criterion or "", text=text)
    return replace(
        base,
        text=text,
        verb=command_verb(text),
        target=is_target_criterion(outcome.text, text),
    )


def _apply_to_unit(unit: Unit, erratum: Erratum) -> tuple[Unit, str]:
    """The unit corrected, and what happened (one of the results above)."""
    outcomes = list(unit.outcomes)
    if erratum.criterion is None:
        for i, outcome in enumerate(outcomes):
            if outcome.id == erratum.outcome:
                if outcome.text != erratum.printed:
                    return unit, STALE
                kind = (
                    OutcomeKind.KNOWLEDGE
                    if is_knowledge_outcome(erratum.corrected)
                    else OutcomeKind.COMPETENCE
                )
                outcomes[i] = replace(outcome, text=erratum.corrected, kind=kind)
                return replace(unit, outcomes=tuple(outcomes)), CORRECTED
        return unit, "names an outcome the unit does not have"
    outcome_id = erratum.outcome or erratum.criterion.split(".")[0]
    for i, outcome in enumerate(outcomes):
        criteria = list(outcome.criteria)
        for j, criterion in enumerate(criteria):
            if criterion.id != erratum.criterion:
                continue
            if erratum.printed is None and criterion.text == erratum.corrected:
                return unit, ALREADY_PRINTED
            if erratum.printed is None or criterion.text != erratum.printed:
                return unit, STALE
            criteria[j] = _criterion(erratum, outcome, criterion)
            outcomes[i] = replace(outcome, criteria=tuple(criteria))
            return replace(unit, outcomes=tuple(outcomes)), CORRECTED
        if outcome.id == outcome_id and erratum.printed is None:
            criteria.append(_criterion(erratum, outcome, None))
            criteria.sort(key=lambda c: [int(p) if p.isdigit() else p for p in c.id.split(".")])
            outcomes[i] = replace(outcome, criteria=tuple(criteria))
            return replace(unit, outcomes=tuple(outcomes)), ADDED
    return unit, "names a criterion the unit does not have"


def correct_documents(
    documents: Sequence[SpecDocument], errata: Sequence[Erratum]
) -> tuple[list[SpecDocument], list[Correction]]:
    """Each document with every erratum that applies to it, and what each erratum did.

    An erratum is reported for the files it corrected; one that corrected none is reported,
    with why, for each file holding its unit; one whose unit no file holds is not reported
    (the unit was not imported this time).
    """
    corrected = [replace(d, units=list(d.units)) for d in documents]
    corrections: list[Correction] = []
    for erratum in errata:
        tried: list[Correction] = []
        for document in corrected:
            for i, unit in enumerate(document.units):
                if erratum.unit != unit.ref and erratum.unit not in unit.aliases:
                    continue
                document.units[i], result = _apply_to_unit(unit, erratum)
                tried.append(Correction(erratum, document.source, result))
        applied = [c for c in tried if c.applied]
        corrections += applied or tried
    return corrected, corrections
