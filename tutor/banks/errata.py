"""Errata: the decisions taken where a specification's source is wrong, applied on every import.

Some extractions are damaged (cells overlaid, words lost) and some sources print the wrong
thing (a check letter, a level, another unit's wording). A parser reports what it finds and
keeps the text as printed; the decision is recorded in `errata.yaml` beside the bank, with the
source's words, the decision and why. An erratum applies only while the source still prints
those words, so a corrected source is never overwritten by a stale decision, and one whose
words are gone is reported. Errata correct each parsed specification before the merge, so the
import's JSON and the bank hold the same text, and say which of it is a decision.

    - unit: K/506/9011
      source: Pearson                   # optional: only this specification's copy
      criterion: '1.6'                  # or `outcome: '3'`, or neither for a unit field
      field: text                       # criterion: text or guidance; unit: ref, title, level …
      printed: Describe the fea effective follow-   # the source's words; null: it prints none
      corrected: Describe the features of effective follow-up service   # null: remove it
      reason: the extraction cuts this cell short

`printed` is compared with what the parser read (the criterion's text, one guidance item, the
unit's level …). Where the parser could not read the words at all (a criterion or guidance
the extraction runs into another cell) they are looked for in the source's text instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from tutor.banks.importers import SpecDocument
from tutor.banks.model import Criterion, Outcome, OutcomeKind, Unit
from tutor.banks.refs import BadReference, normalise_unit_ref
from tutor.banks.verbs import command_verb, is_knowledge_outcome, is_target_criterion
from tutor.errors import BankError
from tutor.text import normalise_typography

ERRATA_FILE = "errata.yaml"

TEXT, GUIDANCE = "text", "guidance"
# The unit's own fields an erratum may decide; numbers are given as printed ("2").
UNIT_FIELDS = ("ref", "title", "level", "credit", "glh")
_NUMBER_FIELDS = ("level", "credit", "glh")


@dataclass(frozen=True)
class Erratum:
    """One decision: in `unit` (as the source prints its reference), the `field` of a
    criterion, an outcome or the unit itself reads `printed` in the source and is to read
    `corrected`, for `reason`. `printed` None: the source prints none (an addition);
    `corrected` None: what it prints is removed. `source` limits it to one specification."""

    unit: str
    reason: str
    printed: str | None = None
    corrected: str | None = None
    criterion: str | None = None
    outcome: str | None = None
    field: str = TEXT
    source: str | None = None

    @property
    def where(self) -> str:
        if self.criterion is not None:
            what = f"criterion {self.criterion}"
            return f"guidance of {what}" if self.field == GUIDANCE else what
        if self.outcome is not None:
            return f"outcome {self.outcome}"
        return self.field


# What applying an erratum to a specification did: it changed the text, or why it did not.
CORRECTED = "corrected"
ADDED = "added (missing from the source)"
REMOVED = "removed (wrongly printed in the source)"
ALREADY_PRINTED = "not needed: the source prints this; remove the erratum"
STALE = "no longer matches the source's text; check it and update it"
_APPLIED = (CORRECTED, ADDED, REMOVED)


@dataclass(frozen=True)
class Correction:
    """What one erratum did to one specification file (`source`): `result` says it
    corrected, added or removed the text, or why it did not; `ref` is the unit's reference
    after it."""

    erratum: Erratum
    source: str
    result: str
    ref: str = ""

    @property
    def applied(self) -> bool:
        return self.result in _APPLIED

    @property
    def message(self) -> str:
        text = f"{self.erratum.where}: erratum {self.result}"
        if self.result == REMOVED:
            text += f": {self.erratum.printed!r} ({self.erratum.reason})"
        elif self.applied:
            text += f": {self.erratum.corrected!r} ({self.erratum.reason})"
        elif self.result == STALE:
            text += f" (it expects {self.erratum.printed!r})"
        return text


# --- reading errata.yaml -----------------------------------------------------------------


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
        problem = _problem(item)
        if problem:
            raise BankError(f"{path}: item {i} {problem}")
        errata.append(
            Erratum(
                unit=str(item["unit"]).strip().upper(),
                reason=" ".join(str(item["reason"]).split()),
                printed=_words(item["printed"]),
                corrected=_words(item["corrected"]),
                criterion=str(item["criterion"]) if item.get("criterion") else None,
                outcome=str(item["outcome"]) if item.get("outcome") else None,
                field=str(item.get("field") or TEXT),
                source=str(item["source"]).strip() if item.get("source") else None,
            )
        )
    return errata


def _words(value: Any) -> str | None:
    return None if value is None else " ".join(str(value).split())


def _problem(item: Any) -> str | None:
    """What is wrong with one item of the file, or None."""
    if not isinstance(item, dict) or not item.get("unit"):
        return "needs at least 'unit', 'printed', 'corrected' and 'reason'"
    for key in ("printed", "corrected"):
        if key not in item:
            return f"needs {key!r} (null where there is none)"
    if not str(item.get("reason") or "").strip():
        return "needs a 'reason': why the decision was taken"
    criterion, outcome = item.get("criterion"), item.get("outcome")
    field = str(item.get("field") or TEXT)
    if criterion and outcome:
        return "names both a criterion and an outcome; an erratum corrects one thing"
    allowed = (TEXT, GUIDANCE) if criterion else (TEXT,) if outcome else UNIT_FIELDS
    if field not in allowed:
        if not criterion and not outcome and field == TEXT:
            return "needs 'criterion', 'outcome' or a unit field (ref, title, level …)"
        return f"cannot correct {field!r} here; one of: {', '.join(allowed)}"
    printed, corrected = item["printed"], item["corrected"]
    if printed is None and corrected is None:
        return "has neither 'printed' nor 'corrected': nothing to decide"
    if printed is None and not criterion:
        return "needs 'printed': only a criterion or its guidance can be added"
    if corrected is None and not criterion:
        return "needs 'corrected': only a criterion or its guidance can be removed"
    return None


# --- applying ----------------------------------------------------------------------------


def _same_words(text: str) -> str:
    return " ".join(normalise_typography(text).split())


def _prints(source_text: str, words: str | None) -> bool:
    """Whether the source's text holds these words (spacing and typography aside)."""
    return words is not None and _same_words(words) in _same_words(source_text)


def _criterion(text: str, outcome: Outcome, old: Criterion) -> Criterion:
    return replace(
        old, text=text, verb=command_verb(text), target=is_target_criterion(outcome.text, text)
    )


def _retarget(outcome: Outcome) -> Outcome:
    """The outcome with its kind and its criteria's target flags taken from its text."""
    kind = OutcomeKind.KNOWLEDGE if is_knowledge_outcome(outcome.text) else OutcomeKind.COMPETENCE
    criteria = tuple(
        replace(c, target=is_target_criterion(outcome.text, c.text)) for c in outcome.criteria
    )
    return replace(outcome, kind=kind, criteria=criteria)


def _apply_to_field(unit: Unit, erratum: Erratum) -> tuple[Unit, str]:
    value = getattr(unit, erratum.field)
    printed = "" if value is None else str(value)
    if printed == erratum.corrected:
        return unit, ALREADY_PRINTED
    if printed != erratum.printed:
        return unit, STALE
    corrected = erratum.corrected or ""
    changes: dict[str, Any] = {erratum.field: corrected}
    if erratum.field in _NUMBER_FIELDS:
        changes[erratum.field] = int(corrected)
    elif erratum.field == "ref":
        changes["ref"] = normalise_unit_ref(corrected)
    return replace(unit, **changes), CORRECTED


def _apply_to_outcome(unit: Unit, erratum: Erratum) -> tuple[Unit, str]:
    outcomes = list(unit.outcomes)
    for i, outcome in enumerate(outcomes):
        if outcome.id != erratum.outcome:
            continue
        if outcome.text == erratum.corrected:
            return unit, ALREADY_PRINTED
        if outcome.text != erratum.printed:
            return unit, STALE
        outcomes[i] = _retarget(replace(outcome, text=erratum.corrected or ""))
        return replace(unit, outcomes=tuple(outcomes)), CORRECTED
    return unit, "names an outcome the unit does not have"


def _criterion_text(
    outcome: Outcome, found: Criterion | None, erratum: Erratum, source_text: str
) -> tuple[tuple[Criterion, ...] | None, str]:
    """The outcome's criteria with the erratum applied to the criterion's text (None if
    unchanged), and what happened."""
    criteria = list(outcome.criteria)
    if found is None:
        if erratum.corrected is None:
            return None, STALE
        if erratum.printed is not None and not _prints(source_text, erratum.printed):
            return None, STALE
        added = Criterion(id=erratum.criterion or "", text="")
        criteria.append(_criterion(erratum.corrected, outcome, added))
        criteria.sort(key=lambda c: [int(p) if p.isdigit() else p for p in c.id.split(".")])
        return tuple(criteria), ADDED
    index = criteria.index(found)
    if found.text == erratum.corrected:
        return None, ALREADY_PRINTED
    if found.text != erratum.printed:
        return None, STALE
    if erratum.corrected is None:
        del criteria[index]
        return tuple(criteria), REMOVED
    criteria[index] = _criterion(erratum.corrected, outcome, found)
    return tuple(criteria), CORRECTED


def _guidance(found: Criterion, erratum: Erratum, source_text: str) -> tuple[Criterion, str]:
    """The criterion with the erratum applied to one item of its guidance."""
    items = list(found.guidance)
    if erratum.printed in items:
        if erratum.printed == erratum.corrected:
            return found, ALREADY_PRINTED
        index = items.index(erratum.printed)
        if erratum.corrected is None:
            del items[index]
            return replace(found, guidance=tuple(items)), REMOVED
        items[index] = erratum.corrected
        return replace(found, guidance=tuple(items)), CORRECTED
    if erratum.corrected is not None and erratum.corrected in items:
        return found, ALREADY_PRINTED
    # Guidance the parser could not attach: restored while the source still prints it.
    if erratum.corrected is not None and _prints(source_text, erratum.printed):
        return replace(found, guidance=(*items, erratum.corrected)), ADDED
    return found, STALE


def _apply_to_criterion(unit: Unit, erratum: Erratum, source_text: str) -> tuple[Unit, str]:
    outcome_id = (erratum.criterion or "").split(".")[0]
    outcomes = list(unit.outcomes)
    for i, outcome in enumerate(outcomes):
        found = next((c for c in outcome.criteria if c.id == erratum.criterion), None)
        if found is None and outcome.id != outcome_id:
            continue
        if found is None and any(
            c.id == erratum.criterion for o in outcomes[i + 1 :] for c in o.criteria
        ):
            continue  # printed under a later outcome: corrected there
        if erratum.field == GUIDANCE:
            if found is None:
                return unit, "names a criterion the unit does not have"
            changed, result = _guidance(found, erratum, source_text)
            criteria = tuple(changed if c is found else c for c in outcome.criteria)
        else:
            new, result = _criterion_text(outcome, found, erratum, source_text)
            if new is None:
                return unit, result
            criteria = new
        outcomes[i] = replace(outcome, criteria=criteria)
        return replace(unit, outcomes=tuple(outcomes)), result
    return unit, "names a criterion the unit does not have"


def _apply_to_unit(unit: Unit, erratum: Erratum, source_text: str = "") -> tuple[Unit, str]:
    """The unit corrected, and what happened (one of the results above)."""
    if erratum.criterion is not None:
        return _apply_to_criterion(unit, erratum, source_text)
    if erratum.outcome is not None:
        return _apply_to_outcome(unit, erratum)
    try:
        return _apply_to_field(unit, erratum)
    except (ValueError, BadReference) as exc:
        return unit, f"cannot be applied ({exc})"


def _concerns(erratum: Erratum, unit: Unit, document: SpecDocument) -> bool:
    """Whether the erratum is about this copy of a unit (its reference, and its source)."""
    if erratum.unit != unit.ref and erratum.unit not in unit.aliases:
        return False
    if erratum.source is None:
        return True
    wanted = erratum.source.casefold()
    names = (document.awarding_body, document.source, *unit.sources)
    return any(wanted in name.casefold() for name in names)


def correct_documents(
    documents: Sequence[SpecDocument], errata: Sequence[Erratum]
) -> tuple[list[SpecDocument], list[Correction]]:
    """Each document with every erratum that applies to it, and what each erratum did.

    References are decided first, so the other errata of a unit name it by its right
    reference. An erratum is reported for the files it corrected; one that corrected none is
    reported, with why, for each file holding its unit; one whose unit no file holds is not
    reported (the unit was not imported this time).
    """
    corrected = [replace(d, units=list(d.units)) for d in documents]
    corrections: list[Correction] = []
    for erratum in sorted(errata, key=lambda e: e.field != "ref" or e.criterion is not None):
        tried: list[Correction] = []
        for document in corrected:
            for i, unit in enumerate(document.units):
                if not _concerns(erratum, unit, document):
                    continue
                document.units[i], result = _apply_to_unit(unit, erratum, document.text)
                tried.append(Correction(erratum, document.source, result, document.units[i].ref))
        applied = [c for c in tried if c.applied]
        corrections += applied or tried
    return corrected, corrections
