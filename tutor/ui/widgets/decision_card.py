"""One criterion on the decision screen: every answer the learner gave to its question, each
with the machine's reading of it alone and an override of that reading, the machine's
judgement on all of them together, and the assessor's decision and reason."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Select, Static

from tutor.scoring.result import Score, label
from tutor.sessions.answers import GivenAnswer
from tutor.sessions.assessment import DECISIONS, JUDGEMENTS
from tutor.text import visible, visible_spans
from tutor.ui.widgets.answer_box import AnswerBox
from tutor.ui.widgets.turn_view import evidence_spans

DECISION_CHOICES = [(label(value), value) for value in DECISIONS]
OVERRIDE_CHOICES = [(f"Override: {label(value).lower()}", value) for value in JUDGEMENTS]
# What each answer on a card answered, by the kind of turn that asked for it.
ANSWERED = {
    "question": "Answer",
    "follow_up": "Follow-up answer",
    "retry": "Answer when asked again",
    "assessor_question": "Answer to the assessor's question",
}


class FieldBox(AnswerBox):
    """A multi-line field with the answer box's keys: Enter moves on (posts `Submitted`),
    Ctrl+J starts a new line. The keys are handled as the answer box handles them; the
    bindings name them in the footer and the command palette."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Next field"),
        Binding("ctrl+j", "newline", "New line"),
    ]

    def __init__(self, *, placeholder: str = "", id: str | None = None, classes: str = "") -> None:
        super().__init__(placeholder=placeholder, id=id)
        self.set_classes(classes)

    def action_submit(self) -> None:
        self.post_message(self.Submitted(self, self.text))

    def action_newline(self) -> None:
        self.insert("\n")


def machine_summary(overall: Score | None, answers: Sequence[GivenAnswer]) -> Content:
    """The machine's judgement on all the answers together, with the words that earned each
    point (and which answer said them) and the points no answer made."""
    if overall is None:
        return Content("Machine: no scored answer on this criterion.").stylize("$text-muted")
    number = {a.seq: n for n, a in enumerate(answers, 1)}
    together = "on all answers" if len(answers) > 1 else "on the answer"
    parts: list[Content | tuple[str, str] | str] = [
        (f"Machine, {together}: ", "bold"),
        (overall.summary, "bold"),
    ]
    for point in overall.points:
        if point.matched:
            words = ", ".join(e.text for e in point.evidence)
            parts += ["\n", ("✓ ", "$text-success"), Content(point.text)]
            if words:
                parts.append((f" — “{visible(words, one_line=True)}”", "italic"))
            if len(answers) > 1 and point.answer in number:
                parts.append((f" (answer {number[point.answer]})", "$text-muted"))
    for missed in overall.missed:
        parts += ["\n", ("✗ ", "$text-error"), Content(missed)]
    return Content.assemble(*parts)


def answer_heading(given: GivenAnswer, number: int) -> Content:
    """'2. Follow-up answer (turn 5) · machine: Partly met · 1 of 2 points'."""
    score = given.score
    return Content.assemble(
        (f"{number}. {ANSWERED.get(given.asked_kind, 'Answer')}", "bold"),
        f" (turn {given.seq}) · ",
        ("machine: ", "$text-muted"),
        score.summary if score else "not scored",
    )


class AnswerView(Vertical):
    """One answer on a card: what it answered, its full text with the matched words
    underlined, the machine's reading of it alone, and an override of that reading."""

    def __init__(self, given: GivenAnswer, number: int) -> None:
        super().__init__(classes="answer")
        self.given = given
        self.number = number

    def compose(self) -> ComposeResult:
        yield Static(answer_heading(self.given, self.number), classes="answer-heading")
        if self.given.asked_kind in ("follow_up", "assessor_question"):
            yield Static(Content(f"Asked: “{self.given.asked_text}”"), classes="asked")
        shown, spans = visible_spans(self.given.turn.text, evidence_spans(self.given.turn.score))
        body = Content(shown)
        for start, end in spans:
            body = body.stylize("underline $text-success", start, end)
        yield Static(body, classes="answer-text")
        yield Select(
            OVERRIDE_CHOICES,
            prompt=f"No override of answer {self.number}",
            classes="override",
            compact=True,
            disabled=self.given.score is None,
        )

    @property
    def override(self) -> str | None:
        value = self.query_one(".override", Select).value
        return value if isinstance(value, str) else None


class DecisionCard(Vertical):
    """The assessor's record for one criterion."""

    def __init__(
        self,
        criterion: str,
        criterion_text: str,
        overall: Score | None,
        answers: Sequence[GivenAnswer],
    ) -> None:
        super().__init__(classes="decision-card")
        self.criterion = criterion
        self.criterion_text = criterion_text
        self.overall = overall
        self.answers = tuple(answers)
        self.border_title = criterion

    def compose(self) -> ComposeResult:
        yield Static(Content(self.criterion_text), classes="criterion-text")
        yield Static(machine_summary(self.overall, self.answers), classes="machine")
        for number, given in enumerate(self.answers, 1):
            yield AnswerView(given, number)
        yield Select(DECISION_CHOICES, prompt="Decision", classes="decision", compact=True)
        yield FieldBox(placeholder="Reason for the decision (and any override)", classes="reason")

    @property
    def decision(self) -> str | None:
        value = self.query_one(".decision", Select).value
        return value if isinstance(value, str) else None

    @property
    def overrides(self) -> list[tuple[int, str]]:
        """(answer turn, judgement) for each answer the assessor overrode."""
        return [
            (view.given.seq, view.override)
            for view in self.query(AnswerView)
            if view.override is not None
        ]

    @property
    def reason(self) -> str:
        return self.query_one(".reason", FieldBox).text

    def mark_recorded(self) -> None:
        """Recorded: the fields lock, so a second save never records it twice."""
        self.add_class("-recorded")
        self.border_subtitle = "recorded"
        for widget in self.query("Select, FieldBox"):
            widget.disabled = True
