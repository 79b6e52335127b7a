"""The step every parser ends with: raw outcomes and criteria to model outcomes.

Each parser reads its layout into `RawOutcome`s holding `RawCriterion`s (text cleaned, guidance
attached) and hands them to `finish_unit`, which checks their numbering by the layout's rule
and gives every outcome its kind and every criterion its verb and target flag. The check-letter
warning and the title key that parsers and the merge compare titles by live here too.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from tutor.banks.importers import SpecWarning
from tutor.banks.model import Criterion, Outcome, OutcomeKind
from tutor.banks.refs import BadReference, expected_letter, has_valid_check_letter
from tutor.banks.verbs import command_verb, is_knowledge_outcome, is_target_criterion
from tutor.text import clean_line

_SPELLING_VARIANTS = {"whilst": "while", "on-line": "online", "&": "and"}


@dataclass(frozen=True)
class RawCriterion:
    """A criterion as a parser read it: its number, cleaned text, guidance and bold terms."""

    id: str
    text: str
    guidance: tuple[str, ...] = ()
    emphasised: tuple[str, ...] = ()


@dataclass(frozen=True)
class RawOutcome:
    """An outcome as a parser read it: its number, cleaned text and criteria."""

    id: str
    text: str
    criteria: tuple[RawCriterion, ...] = field(default=())


class Numbering(Enum):
    """How a layout's printed numbers are checked."""

    # Kept as printed; out-of-sequence numbers reported, a repeated criterion number left out.
    AS_PRINTED = "as printed"
    # Kept as printed; repeats and criteria under another outcome's number reported, all kept.
    ALL_KEPT = "all kept"
    # Already numbered by position by the parser (Pearson keys amplification to the numbers).
    BY_POSITION = "by position"


def finish_unit(
    ref: str,
    outcomes: Sequence[RawOutcome],
    numbering: Numbering,
    warnings: list[SpecWarning],
    attach_guidance: Callable[[Sequence[RawOutcome]], Sequence[RawOutcome]] | None = None,
) -> tuple[Outcome, ...]:
    """Model outcomes for one unit: numbering checked, kind, verb and target filled in.

    `attach_guidance`, where the layout keys guidance to criterion numbers, runs on the
    criteria the numbering check kept.
    """
    if numbering is Numbering.AS_PRINTED:
        outcomes = _check_numbering(ref, outcomes, warnings)
    elif numbering is Numbering.ALL_KEPT:
        _report_repeats(ref, outcomes, warnings)
    if attach_guidance is not None:
        outcomes = attach_guidance(outcomes)
    return tuple(_outcome(raw) for raw in outcomes)


def _outcome(raw: RawOutcome) -> Outcome:
    kind = OutcomeKind.KNOWLEDGE if is_knowledge_outcome(raw.text) else OutcomeKind.COMPETENCE
    criteria = tuple(
        Criterion(
            id=c.id,
            text=c.text,
            verb=command_verb(c.text),
            emphasised=c.emphasised,
            guidance=c.guidance,
            target=is_target_criterion(raw.text, c.text),
        )
        for c in raw.criteria
    )
    return Outcome(id=raw.id, text=raw.text, kind=kind, criteria=criteria)


def _check_numbering(
    ref: str, outcomes: Sequence[RawOutcome], warnings: list[SpecWarning]
) -> list[RawOutcome]:
    """Report outcomes and criteria out of sequence; drop repeated criterion numbers."""
    seen: set[str] = set()
    kept: list[RawOutcome] = []
    for position, outcome in enumerate(outcomes, start=1):
        if outcome.id != str(position):
            warnings.append(
                SpecWarning(
                    ref, f"learning outcome {outcome.id} is printed where {position} is due"
                )
            )
        if not outcome.criteria:
            warnings.append(SpecWarning(ref, f"learning outcome {outcome.id} has no criteria"))
        kept_here: list[RawCriterion] = []
        for index, criterion in enumerate(outcome.criteria, start=1):
            cid, due = criterion.id, f"{outcome.id}.{index}"
            if cid in seen:
                warnings.append(
                    SpecWarning(
                        ref,
                        f"criterion {cid} is printed twice; the second ({criterion.text!r}) "
                        "is left out",
                    )
                )
                continue
            if cid != due:
                warnings.append(
                    SpecWarning(
                        ref,
                        f"criterion {cid} is printed where {due} is due "
                        f"(learning outcome {outcome.id}); kept as printed",
                    )
                )
            seen.add(cid)
            kept_here.append(criterion)
        kept.append(RawOutcome(outcome.id, outcome.text, tuple(kept_here)))
    return kept


def _report_repeats(ref: str, outcomes: Sequence[RawOutcome], warnings: list[SpecWarning]) -> None:
    """Report outcomes and criteria printed twice or under another outcome's number."""
    seen_outcomes: set[str] = set()
    for outcome in outcomes:
        if outcome.id in seen_outcomes:
            warnings.append(SpecWarning(ref, f"learning outcome {outcome.id} printed twice"))
        seen_outcomes.add(outcome.id)
        seen: set[str] = set()
        for criterion in outcome.criteria:
            cid = criterion.id
            if cid in seen:
                warnings.append(SpecWarning(ref, f"criterion {cid} printed twice; both are kept"))
            seen.add(cid)
            if cid.split(".")[0] != outcome.id:
                warnings.append(
                    SpecWarning(
                        ref, f"criterion {cid} is printed under learning outcome {outcome.id}"
                    )
                )


KEPT_AS_PRINTED = (
    ": the wrong check letter is kept as printed; check the reference against the register "
    "and record the right one in errata.yaml"
)


def check_letter(ref: str, where: str, consequence: str = KEPT_AS_PRINTED) -> SpecWarning | None:
    """The warning for a reference whose check letter is wrong for its digits, else None.

    `where` names what printed it ("unit page"); `consequence` says what the parser did.
    """
    try:
        if has_valid_check_letter(ref):
            return None
        right = expected_letter(ref)
    except BadReference as exc:
        return SpecWarning(ref, str(exc))
    return SpecWarning(
        ref,
        f"{where} prints check letter {ref[0]}; the digits call for {right}{consequence}",
    )


@functools.lru_cache(maxsize=8192)
def title_key(title: str) -> str:
    """A title reduced for matching: case, quotes, punctuation and spelling variants gone."""
    words = clean_line(title).casefold().replace("'", "").split()
    words = [_SPELLING_VARIANTS.get(w, w) for w in words]
    return re.sub(r"[^a-z0-9]+", " ", " ".join(words)).strip()
