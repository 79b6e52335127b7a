"""A tiny real bank (two units) written into a temporary folder, and a controllable clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tutor.banks.files import load_bank, write_unit
from tutor.banks.model import (
    Bank,
    Criterion,
    Outcome,
    OutcomeKind,
    Question,
    Rubric,
    RubricPoint,
    Unit,
)

UNIT_A = "J/506/2132"
UNIT_B = "Y/506/2135"
PURPOSE = f"{UNIT_A} 1.1"  # two questions: the re-sit criterion
COMPLAINTS = f"{UNIT_A} 1.2"
EXPECTATIONS = f"{UNIT_B} 1.1"
NO_QUESTIONS = f"{UNIT_B} 1.2"

PURPOSE_Q1 = Question(
    id="q1",
    text="Why does an organisation bother with good customer service?",
    rubric=Rubric(
        points=(
            RubricPoint("meet customer needs", ("give customers what they want",)),
            RubricPoint("repeat business", ("customers come back", "loyalty")),
            RubricPoint("good reputation", ("word of mouth", "recommend us")),
        ),
        needed=2,
    ),
    model_answer="It meets customer needs, so customers come back and recommend us.",
    hint="Think about what happens when a customer is pleased.",
    follow_ups=(
        "What do customers expect from you?",
        "What happens to a business whose customers return?",
        "What do pleased customers tell their friends?",
    ),
)
PURPOSE_Q2 = Question(
    id="q2",
    text="What is customer service for?",
    rubric=Rubric(
        points=(
            RubricPoint("meet customer needs", ("satisfy customers",)),
            RubricPoint("repeat business", ("loyalty",)),
        ),
        needed=2,
    ),
    model_answer="Satisfying customers so that they stay loyal.",
)
COMPLAINTS_Q = Question(
    id="q1",
    text="How should you handle a customer complaint?",
    rubric=Rubric(
        points=(
            RubricPoint("listen", ("hear them out",)),
            RubricPoint("apologise", ("say sorry",)),
            RubricPoint("put it right", ("fix the problem", "resolve")),
        ),
        needed=2,
    ),
    model_answer="Listen to the customer, apologise and put it right.",
    hint="Start with what you do while the customer is speaking.",
    follow_ups=("What do you do while they speak?", "What do you say first?", "What then?"),
)
EXPECTATIONS_Q = Question(
    id="q1",
    text="How can you find out what a customer expects?",
    rubric=Rubric(
        points=(
            RubricPoint("ask questions", ("ask them",)),
            RubricPoint("feedback", ("surveys", "reviews")),
        ),
        needed=2,
    ),
    model_answer="Ask them questions and read their feedback in surveys.",
)


def tiny_units() -> list[Unit]:
    return [
        Unit(
            ref=UNIT_A,
            title="Principles of customer service",
            level=2,
            outcomes=(
                Outcome(
                    "1",
                    "Understand customer service",
                    OutcomeKind.KNOWLEDGE,
                    (
                        Criterion(
                            "1.1",
                            "Explain the purpose of customer service",
                            "Explain",
                            target=True,
                            questions=(PURPOSE_Q1, PURPOSE_Q2),
                        ),
                        Criterion(
                            "1.2",
                            "Describe how to handle complaints",
                            "Describe",
                            target=True,
                            questions=(COMPLAINTS_Q,),
                        ),
                    ),
                ),
            ),
        ),
        Unit(
            ref=UNIT_B,
            title="Exceed customer expectations",
            level=2,
            outcomes=(
                Outcome(
                    "1",
                    "Understand customer expectations",
                    OutcomeKind.KNOWLEDGE,
                    (
                        Criterion(
                            "1.1",
                            "Describe ways to find out customer expectations",
                            "Describe",
                            target=True,
                            questions=(EXPECTATIONS_Q,),
                        ),
                        Criterion("1.2", "Explain why expectations change", "Explain", target=True),
                    ),
                ),
            ),
        ),
    ]


def write_tiny_bank(folder: Path) -> Path:
    for unit in tiny_units():
        write_unit(unit, folder)
    return folder


def tiny_bank(folder: Path) -> Bank:
    bank, problems = load_bank(write_tiny_bank(folder))
    assert not [p for p in problems if p.severity == "error"], problems
    return bank


class FakeClock:
    """A clock tests move by hand."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
