"""Practice a learner through the real engine on the tiny bank, answering well or badly."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tests.sessions.session_fixtures import COMPLAINTS, EXPECTATIONS, PURPOSE, FakeClock
from tutor.sessions.engine import SessionEngine

# Answers that meet every rubric point of every question on the criterion, and one that
# meets none.
GOOD = {
    PURPOSE: "It meets customer needs and satisfies customers, so customers come back with "
    "loyalty, and they recommend us, which gives us a good reputation.",
    COMPLAINTS: "I listen, say sorry and fix the problem.",
    EXPECTATIONS: "I ask them questions and read their feedback in surveys.",
}
BAD = "I am not sure."
ALL = [PURPOSE, COMPLAINTS, EXPECTATIONS]


def practise(
    engine: SessionEngine,
    clock: FakeClock,
    criteria: Sequence[str],
    answers: Mapping[str, str] | None = None,
    *,
    learner: str = "Ann",
    seconds: float = 20,
) -> list[str]:
    """One practice session over `criteria`; each question answered after `seconds` with
    `answers[criterion]`, else a good answer. Returns the criteria in asking order."""
    engine.start_practice(learner, criteria)
    asked = []
    while (question := engine.next_question()) is not None:
        clock.advance(seconds)
        engine.submit_answer({**GOOD, **(answers or {})}.get(question.criterion, BAD))
        asked.append(question.criterion)
    engine.end()
    return asked


def planned_order(
    engine: SessionEngine, criteria: Sequence[str], learner: str = "Ann"
) -> list[str]:
    """The order a new practice session would ask `criteria` in (the session is ended)."""
    engine.start_practice(learner, criteria)
    order = []
    while (question := engine.next_question()) is not None:
        order.append(question.criterion)
        engine.skip()  # a skip is no review: the schedule is left as it was
    engine.end()
    return order
