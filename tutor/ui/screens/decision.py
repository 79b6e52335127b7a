"""The decision screen (assessment, assessor): per criterion the machine's score and evidence
beside the assessor's decision and reason, overrides, feedback, the learner's declaration
and the assessor's countersignature."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static, TextArea

from tutor.banks.refs import CriterionRef
from tutor.errors import TutorError
from tutor.sessions.engine import AUTHENTICITY_STATEMENT, COUNTERSIGN_STATEMENT, SessionEngine
from tutor.ui.screens.dialogs import ConfirmScreen
from tutor.ui.widgets.decision_card import DecisionCard

if TYPE_CHECKING:
    from tutor.ui.app import TutorApp


class DecisionScreen(Screen[None]):
    """Record the assessor's judgements and the signatures that close an assessment."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save the record", priority=True),
        Binding("escape", "leave", "Leave"),
    ]

    def __init__(self, engine: SessionEngine) -> None:
        super().__init__()
        self.engine = engine
        self.done: set[str] = set()  # parts of the record already stored

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
        answers = {}
        for turn in engine.store.turns(engine.session_id):
            if turn.kind == "answer" and turn.criterion:
                answers[turn.criterion] = turn  # the latest answer on each criterion
        with VerticalScroll(id="record"):
            for criterion in engine.criteria_covered():
                yield DecisionCard(
                    criterion,
                    self._criterion_text(criterion),
                    engine.machine_score(criterion),
                    answers.get(criterion),
                )
            yield Label("Feedback for the learner", classes="section")
            yield TextArea(id="feedback", placeholder="What went well, what to work on")
            yield Input(placeholder="Next steps", id="next-steps")
            yield Label("Learner's declaration", classes="section")
            yield Static(Content(f"“{AUTHENTICITY_STATEMENT}”"), classes="statement")
            yield Input(placeholder="Learner: type your name to sign", id="learner-sign")
            yield Label("Assessor's countersignature", classes="section")
            yield Static(Content(f"“{COUNTERSIGN_STATEMENT}”"), classes="statement")
            yield Input(placeholder="Assessor: type your name to countersign", id="assessor-sign")
            yield Button("Save the record (Ctrl+S)", variant="primary", id="save")
        yield Footer()

    def on_mount(self) -> None:
        if not self.engine.criteria_covered():
            self.notify("No criterion was asked; only feedback and signatures remain.")
        first = self.query(".decision")
        (first.first() if first else self.query_one("#feedback")).focus()

    def _criterion_text(self, criterion: str) -> str:
        ref = CriterionRef.parse(criterion)
        unit = self.engine.bank.unit(ref.unit)
        found = unit.criterion(ref.criterion) if unit else None
        return found.text if found else ""

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        """Store each part of the record in order; stop at the first the engine refuses."""
        engine = self.engine
        undecided = []
        for card in self.query(DecisionCard):
            if card.criterion in self.done:
                continue
            if card.decision is None:
                undecided.append(card.criterion)
                continue
            try:
                if card.override is not None and card.answer is not None:
                    engine.override_score(card.answer.seq, card.override, card.reason)
                engine.record_decision(card.criterion, card.decision, card.reason)
            except TutorError as exc:
                self.tutor.show_error(exc, f"Decision on {card.criterion} not saved")
                card.query_one(".reason", Input).focus()
                return
            self.done.add(card.criterion)
            card.mark_recorded()
        feedback = self.query_one("#feedback", TextArea).text
        next_steps = self.query_one("#next-steps", Input).value
        if "feedback" not in self.done and (feedback.strip() or next_steps.strip()):
            engine.give_feedback(feedback, next_steps)
            self.done.add("feedback")
        for key, sign in (
            ("learner-sign", engine.declare_authenticity),
            ("assessor-sign", engine.countersign),
        ):
            if key in self.done:
                continue
            field = self.query_one(f"#{key}", Input)
            try:
                sign(field.value)
            except TutorError as exc:
                self.tutor.show_error(exc, "Not signed")
                field.focus()
                return
            self.done.add(key)
            field.disabled = True
        if undecided:
            self.notify(
                "No decision given for " + ", ".join(undecided) + ": recorded as pending.",
                severity="warning",
            )
        engine.close_decisions()
        self.notify(
            f"Session {engine.session_id} recorded. Check it any time from Transcripts (Ctrl+R)."
        )
        self.dismiss()

    def action_leave(self) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                self.engine.close_decisions()
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
