"""The numbering check the NCFE and ProQual parsers share.

Both layouts print outcomes and criteria with their own numbers and keep them as printed; the
check reports what is out of sequence and leaves out a criterion number printed a second time.
(Pearson renumbers instead: see `_pearson`.)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from tutor.banks.importers import SpecWarning

C = TypeVar("C")


def check_numbering(
    ref: str,
    outcomes: Sequence[tuple[str, Sequence[tuple[str, str, C]]]],
    warnings: list[SpecWarning],
) -> list[list[C]]:
    """Report outcomes and criteria out of sequence; drop repeated criterion numbers.

    `outcomes` holds each outcome's printed number with its criteria as (printed number, text
    for a warning, the parser's own criterion); returns the criteria kept, outcome by outcome.
    """
    seen: set[str] = set()
    kept: list[list[C]] = []
    for position, (outcome_id, criteria) in enumerate(outcomes, start=1):
        if outcome_id != str(position):
            warnings.append(
                SpecWarning(
                    ref, f"learning outcome {outcome_id} is printed where {position} is due"
                )
            )
        if not criteria:
            warnings.append(SpecWarning(ref, f"learning outcome {outcome_id} has no criteria"))
        kept_here: list[C] = []
        for index, (cid, text, criterion) in enumerate(criteria, start=1):
            due = f"{outcome_id}.{index}"
            if cid in seen:
                warnings.append(
                    SpecWarning(
                        ref, f"criterion {cid} is printed twice; the second ({text!r}) is left out"
                    )
                )
                continue
            if cid != due:
                warnings.append(
                    SpecWarning(
                        ref,
                        f"criterion {cid} is printed where {due} is due "
                        f"(learning outcome {outcome_id}); kept as printed",
                    )
                )
            seen.add(cid)
            kept_here.append(criterion)
        kept.append(kept_here)
    return kept
