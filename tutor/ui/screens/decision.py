"""The decision screen (assessment, assessor): per criterion every answer the learner gave to
its question, each with the machine's reading of it and an override of that reading, the
machine's judgement on all of them beside the assessor's decision and reason; feedback; the
learner's declaration as they made it (or did not); the assessor's countersignature.

Text boxes keep the chat's keys: Enter moves on to the next field, Ctrl+J starts a new line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static

from tutor.banks.refs import CriterionRef
from tutor.errors import TutorError
from tutor.sessions.assessment import COUNTERSIGN_STATEMENT
from tutor.sessions.rules import AssessmentClose
from tutor.timestamps import parse_iso
from tutor.ui.screens.dialogs import ConfirmScreen
from tutor.ui.widgets.answer_box import AnswerBox
from tutor.ui.widgets.decision_card import DecisionCard, FieldBox
from tutor.ui.widgets.footer import KeysFooter

if TYPE_CHECKING:
    from tutor.ui.app import TutorApp

KEYS_LINE = "Enter: next field · Ctrl+J: new line · Ctrl+S: save · Escape: leave"


class DecisionScreen(Screen[None]):
    """Record the assessor's judgements and the signatures that close an assessment."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save the record", priority=True),
        Binding("escape", "leave", "Leave"),
    ]

    def __init__(self, closing: AssessmentClose) -> None:
        super().__init__()
        self.closing = closing
        self.engine = closing.engine

    @property
    def tutor(self) -> TutorApp:
        return cast("TutorApp", self.app)

    def compose(self) -> ComposeResult:
        engine = self.engine
        session = engine.store.session(engine.session_id)
        yield Static(
            Content(
                f"Decisions · session {engine.session_id} · {session['learner']}"
                f" · assessor {session['assessor']}"
            ),
            classes="screen-title",
        )
        yield Static(KEYS_LINE, classes="keys")
        with VerticalScroll(id="record"):
            for criterion in engine.criteria_covered():
                yield DecisionCard(
                    criterion,
                    self._criterion_text(criterion),
                    engine.record.criterion_result(criterion),
                    engine.record.answers(criterion),
                )
            yield Label("Feedback for the learner", classes="section")
            yield FieldBox(id="feedback", placeholder="What went well, what to work on")
            yield FieldBox(id="next-steps", placeholder="Next steps")
            yield Label("Learner's declaration", classes="section")
            yield Static(self._declaration(), id="declaration", classes="statement")
            yield Label("Assessor's countersignature", classes="section")
            yield Static(Content(f"“{COUNTERSIGN_STATEMENT}”"), classes="statement")
            yield Input(placeholder="Assessor: type your name to countersign", id="assessor-sign")
            yield Button("Save the record (Ctrl+S)", variant="primary", id="save")
        yield KeysFooter()

    def on_mount(self) -> None:
        if not self.engine.criteria_covered():
            self.notify("No criterion was asked; only feedback and signatures remain.")
        # Top to bottom: each card's answers (and their overrides), then its decision.
        fields = [w for w in self.query(".override, .decision") if not w.disabled]
        (fields[0] if fields else self.query_one("#feedback")).focus()

    def _declaration(self) -> Content:
        made = self.engine.record.authenticity
        if made is None:
            return Content.assemble(
                ("Not made: ", "bold $text-warning"),
                "the learner did not confirm that the answers are their own work.",
            )
        moment = parse_iso(made.at)
        return Content.assemble(
            ("Made by the learner, ", "bold"),
            (made.name, "bold"),
            f", at {moment:%H:%M} on {moment.day} {moment:%b %Y}: “{made.statement}”",
        )

    @on(AnswerBox.Submitted)
    @on(Input.Submitted)
    def _next_field(self, event: AnswerBox.Submitted | Input.Submitted) -> None:
        """Enter in a text box moves on, as it sends in the chat's answer box."""
        event.stop()
        self.focus_next()

    def _criterion_text(self, criterion: str) -> str:
        ref = CriterionRef.parse(criterion)
        unit = self.engine.bank.unit(ref.unit)
        found = unit.criterion(ref.criterion) if unit else None
        return found.text if found else ""

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        """Store each part of the record in the order the session rules set; stop at the
        first the engine refuses (saving again stores only what is still missing)."""
        closing = self.closing
        undecided = []
        for card in self.query(DecisionCard):
            if closing.decided(card.criterion):
                continue
            if card.decision is None:
                undecided.append(card.criterion)
                continue
            try:
                closing.decide(card.criterion, card.decision, card.reason, card.overrides)
            except TutorError as exc:
                self.tutor.show_error(exc, f"Decision on {card.criterion} not saved")
                card.query_one(".reason", FieldBox).focus()
                return
            card.mark_recorded()
        closing.give_feedback(
            self.query_one("#feedback", FieldBox).text,
            self.query_one("#next-steps", FieldBox).text,
        )
        if not closing.countersigned:
            field = self.query_one("#assessor-sign", Input)
            try:
                closing.countersign(field.value)
            except TutorError as exc:
                self.tutor.show_error(exc, "Not countersigned")
                field.focus()
                return
            field.disabled = True
        if undecided:
            self.notify(
                "No decision given for " + ", ".join(undecided) + ": recorded as pending.",
                severity="warning",
            )
        closing.close()
        self.notify(
            f"Session {self.engine.session_id} recorded. Check it any time from Transcripts "
            "(Ctrl+R)."
        )
        self.dismiss()

    def action_leave(self) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                self.closing.close()
                self.dismiss()

        self.app.push_screen(
            ConfirmScreen(
                "Leave without saving the rest? Criteria with no decision are recorded as "
                "pending; the session stays in Transcripts.",
                yes="Leave",
                no="Stay",
            ),
            confirmed,
        )
