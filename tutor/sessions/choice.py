"""Which criterion to ask next, and which of its questions: pure, with history passed in.

Weakest and least-practised first: criteria are ordered by their recent mean machine score
(never practised counts as 0), then by how often they were practised, then at random. A
scheduler (FSRS, later) slots in as `first_key`, the first ordering key. A question already
asked of the learner (`avoid`, e.g. in an earlier assessment: a re-sit) is chosen only when
the criterion has no other.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from tutor.banks.model import Question

RECENT = 3


@dataclass(frozen=True)
class Choice:
    criterion: str  # "J/506/2132 1.1"
    question: Question


def choose(
    candidates: Sequence[tuple[str, Sequence[Question]]],
    history: Mapping[str, Sequence[float]],
    rng: random.Random,
    *,
    limit: int | None = None,
    avoid: frozenset[tuple[str, str]] | set[tuple[str, str]] = frozenset(),
    first_key: Callable[[str], float] | None = None,
    keep_order: bool = False,
    prefer: Callable[[Question], bool] | None = None,
) -> list[Choice]:
    """One question per criterion, for up to `limit` criteria, in the order to ask them.

    `candidates`: (criterion, its questions) pairs, criteria without questions are skipped.
    `history`: criterion -> its machine scores (0..1), oldest first.
    `avoid`: (criterion, question id) pairs to avoid where the criterion has another.
    `keep_order`: ask in the given order (an assessor's plan) rather than weakest first.
    `prefer`: questions to draw first among those not avoided (an assessment draws those
    kept for assessments).
    """

    def weakness(criterion: str) -> tuple[float, ...]:
        scores = list(history.get(criterion, ()))
        recent = scores[-RECENT:]
        mean = sum(recent) / len(recent) if recent else 0.0
        first = first_key(criterion) if first_key else 0.0
        return (first, mean, len(scores), rng.random())

    usable = [(c, list(qs)) for c, qs in candidates if qs]
    if not keep_order:
        keys = {c: weakness(c) for c, _ in usable}
        usable.sort(key=lambda item: keys[item[0]])
    if limit is not None:
        usable = usable[: max(0, limit)]
    chosen = []
    for criterion, questions in usable:
        fresh = [q for q in questions if (criterion, q.id) not in avoid]
        preferred = [q for q in fresh if prefer(q)] if prefer else []
        chosen.append(Choice(criterion, rng.choice(preferred or fresh or questions)))
    return chosen
