"""A small, real bank written into a temporary folder, for tests of bank tools."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

from tutor.banks.files import write_qualification, write_unit
from tutor.banks.model import (
    Criterion,
    Outcome,
    OutcomeKind,
    Qualification,
    Question,
    Response,
    ResponseKind,
    Rubric,
    RubricPoint,
    Unit,
    UnitGroup,
)

PURPOSE_QUESTION = Question(
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
    model_answer=(
        "Good service meets customer needs, so customers come back, which means repeat "
        "business, and happy customers recommend us, because word of mouth builds our "
        "reputation."
    ),
    hint="Think about what happens when a customer leaves happy.",
    follow_ups=(
        "What does the customer get out of it?",
        "What do happy customers do next time?",
        "What might they tell their friends?",
    ),
)


# Six marked responses to PURPOSE_QUESTION, each judged as marked by today's scorer.
MARKED_RESPONSES = (
    Response(
        "met",
        ResponseKind.COMPETENT,
        "If you give customers what they want they come back again, so you get loyalty and "
        "repeat business, and they recommend us to friends because they were treated well.",
        voice="Priya, 19, supermarket checkout",
    ),
    Response(
        "met",
        ResponseKind.COMPETENT,
        "It's so customers are happy: we meet customer needs, they keep coming back because "
        "they trust us, and word of mouth gives the shop a good reputation.",
        voice="Dev, 45, call-centre team leader",
    ),
    Response(
        "met",
        ResponseKind.COMPETENT,
        "Good service meets customer needs, so customers come back, which means repeat "
        "business, and happy customers recommend us, because word of mouth builds our "
        "reputation.",
    ),
    Response("partly_met", ResponseKind.PARTIAL, "It is about meeting customer needs."),
    Response(
        "not_yet_met",
        ResponseKind.WRONG,
        "Good service is about keeping the shop tidy and stacking the shelves on time.",
    ),
    Response(
        "not_yet_met",
        ResponseKind.NEGATED,
        "It does not meet customer needs and customers never come back, it has nothing to do "
        "with reputation.",
    ),
)


def mislabelled(responses: tuple[Response, ...], *positions: int) -> tuple[Response, ...]:
    """`responses` with those at `positions` (from 0) expecting what the scorer will not
    judge them: the competent ones not yet met, the others met."""
    return tuple(
        replace(r, expect="met" if r.expect != "met" else "not_yet_met") if i in positions else r
        for i, r in enumerate(responses)
    )


def small_unit(questions: tuple[Question, ...] = (PURPOSE_QUESTION,)) -> Unit:
    return Unit(
        ref="J/506/2132",
        title="Principles of customer service",
        level=2,
        credit=4,
        glh=34,
        sources=("NCFE 601/3973/0 unit 03",),
        outcomes=(
            Outcome(
                id="1",
                text="Understand customer service",
                kind=OutcomeKind.KNOWLEDGE,
                criteria=(
                    Criterion(
                        id="1.1",
                        text="Explain the purpose and scope of customer service",
                        verb="Explain",
                        target=True,
                        questions=questions,
                    ),
                    Criterion(
                        id="1.2",
                        text="Describe the role of the customer service professional",
                        verb="Describe",
                        target=True,
                    ),
                ),
            ),
            Outcome(
                id="2",
                text="Be able to greet customers",
                kind=OutcomeKind.COMPETENCE,
                criteria=(Criterion(id="2.1", text="Greet customers", target=False),),
            ),
        ),
    )


def write_small_bank(root: Path, unit: Unit | None = None) -> Path:
    write_unit(unit or small_unit(), root)
    write_qualification(
        Qualification(
            number="601/3973/0",
            title="NCFE Level 2 Diploma in Customer Service",
            awarding_body="NCFE",
            level=2,
            groups=(UnitGroup("Group A", mandatory=True, units=("J/506/2132",)),),
        ),
        root,
    )
    return root


# --- the shipped banks, copied and damaged ---------------------------------------------

# Principles of customer service: 23 criteria in the shipped bank.
DAMAGED_UNIT = "J/506/2132"
DAMAGED_FILE = Path("question_banks") / "units" / "J-506-2132.yaml"


def copy_shipped_banks(folder: Path) -> Path:
    """A copy of the shipped question_banks/ in `folder`, to damage."""
    from tests.conftest import SHIPPED_BANKS

    return Path(shutil.copytree(SHIPPED_BANKS, folder / "question_banks"))


def _criterion_lines(path: Path) -> list[int]:
    """The 1-based lines where the file's criteria start (`  - id: '1.1'`)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [n for n, line in enumerate(lines, 1) if re.fullmatch(r"  - id: '\d+\.\d+'", line)]


def cut_short(path: Path) -> None:
    """Cut the file just before its second criterion: still valid YAML, one criterion left."""
    second = _criterion_lines(path)[1]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[: second - 1]), encoding="utf-8")


def repeat_first_criterion_id(path: Path) -> int:
    """Give the second criterion the first one's id; the line of the repeat."""
    first, second = _criterion_lines(path)[:2]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[second - 1] = lines[first - 1]
    path.write_text("".join(lines), encoding="utf-8")
    return second


def open_a_quote(path: Path) -> int:
    """Start a double-quoted text that is never closed on the second criterion's line (a
    mistake libyaml only notices at the end of the file); that line."""
    second = _criterion_lines(path)[1]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[second] = lines[second].replace("text: ", 'text: "', 1)
    path.write_text("".join(lines), encoding="utf-8")
    return second + 1


def open_a_bracket(path: Path) -> int:
    """Start a bracketed list that is never closed on the second criterion's text; that
    line."""
    second = _criterion_lines(path)[1]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[second] = lines[second].replace("text: ", "text: [", 1)
    path.write_text("".join(lines), encoding="utf-8")
    return second + 1
