"""One criterion on the decision screen: the machine's score and evidence beside the
assessor's decision, reason and (optionally) an override of the machine's judgement."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, Select, Static

from tutor.text import visible, visible_spans
from tutor.ui.widgets.turn_view import DECISION_WORDS, evidence_spans

DECISION_CHOICES = [
    ("Met", "met"),
    ("Not yet met", "not_yet_met"),
    ("Insufficient evidence", "insufficient_evidence"),
]
OVERRIDE_CHOICES = [
    ("Override: met", "met"),
    ("Override: partly met", "partly_met"),
    ("Override: not yet met", "not_yet_met"),
]


def machine_summary(machine: dict[str, Any] | None) -> Content:
    """The machine's judgement, score, the words that earned each point and what it missed."""
    if machine is None:
        return Content("Machine: no scored answer on this criterion.").stylize("$text-muted")
    judgement = DECISION_WORDS.get(machine.get("judgement", ""), machine.get("judgement", ""))
    parts: list[Content | tuple[str, str] | str] = [
        ("Machine: ", "bold"),
        (f"{judgement} {round(100 * float(machine.get('score', 0.0)))}%", "bold"),
    ]
    for point in machine.get("points", ()):
        if point.get("matched"):
            words = ", ".join(e.get("text", "") for e in point.get("evidence", ()))
            parts += ["\n", ("✓ ", "$text-success"), Content(point.get("text", ""))]
            if words:
                parts.append((f" — “{visible(words, one_line=True)}”", "italic"))
    for missed in machine.get("missed", ()):
        parts += ["\n", ("✗ ", "$text-error"), Content(missed)]
    return Content.assemble(*parts)


class DecisionCard(Vertical):
    """The assessor's record for one criterion."""

    def __init__(
        self,
        criterion: str,
        criterion_text: str,
        machine: dict[str, Any] | None,
        answer: Any | None,
    ) -> None:
        super().__init__(classes="decision-card")
        self.criterion = criterion
        self.criterion_text = criterion_text
        self.machine = machine
        self.answer = answer  # the latest answer turn on this criterion, if any
        self.border_title = criterion

    def compose(self) -> ComposeResult:
        yield Static(Content(self.criterion_text), classes="criterion-text")
        if self.answer is not None:
            shown, spans = visible_spans(self.answer.text, evidence_spans(self.answer.score))
            body = Content(shown)
            for start, end in spans:
                body = body.stylize("underline $text-success", start, end)
            yield Static(body, classes="answer-text")
        yield Static(machine_summary(self.machine), classes="machine")
        with Horizontal(classes="choices"):
            yield Select(DECISION_CHOICES, prompt="Decision", classes="decision", compact=True)
            yield Select(
                OVERRIDE_CHOICES,
                prompt="No override",
                classes="override",
                compact=True,
                disabled=self.answer is None,
            )
        yield Input(placeholder="Reason for the decision", classes="reason")

    @property
    def decision(self) -> str | None:
        value = self.query_one(".decision", Select).value
        return value if isinstance(value, str) else None

    @property
    def override(self) -> str | None:
        value = self.query_one(".override", Select).value
        return value if isinstance(value, str) else None

    @property
    def reason(self) -> str:
        return self.query_one(".reason", Input).value

    def mark_recorded(self) -> None:
        """Recorded: the fields lock, so a second save never records it twice."""
        self.add_class("-recorded")
        self.border_subtitle = "recorded"
        for widget in self.query("Select, Input"):
            widget.disabled = True
