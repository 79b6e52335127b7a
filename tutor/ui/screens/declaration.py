"""The learner's declaration, in their own turn: at the end of an assessment, before the
assessor's decisions, the learner (still at the keyboard) confirms that the answers are their
own work by typing their full name. Then the assessor takes over on the decision screen,
which shows the declaration as made (or not) and asks only for the countersignature.

Its styles are in decision.tcss, beside the screen that follows it."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from tutor.errors import TutorError
from tutor.sessions.assessment import AUTHENTICITY_STATEMENT
from tutor.sessions.engine import SessionEngine
from tutor.sessions.rules import AssessmentClose
from tutor.ui.widgets.footer import KeysFooter

if TYPE_CHECKING:
    from tutor.ui.app import TutorApp


class DeclarationScreen(Screen[None]):
    """The learner confirms the answers are their own, then the assessor's decisions."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "decline", "Leave it unmade"),
    ]

    def __init__(self, engine: SessionEngine) -> None:
        super().__init__()
        self.engine = engine
        self.closing = AssessmentClose(engine)

    @property
    def tutor(self) -> TutorApp:
        return cast("TutorApp", self.app)

    def compose(self) -> ComposeResult:
        learner = self.engine.store.session(self.engine.session_id)["learner"]
        with Vertical(id="declare"):
            yield Static(Content(f"{learner}: the questions are over."), classes="screen-title")
            yield Static(
                "Before your assessor records the decisions, please confirm this "
                "declaration by typing your full name and pressing Enter.",
                classes="explain",
            )
            yield Static(Content(f"“{AUTHENTICITY_STATEMENT}”"), classes="statement")
            yield Input(placeholder="Your full name", id="learner-name")
            yield Button("Confirm (Enter)", variant="primary", id="confirm")
            yield Static(
                "Escape: do not make the declaration now (the record will say it was not "
                "made). Then hand the keyboard back to your assessor.",
                classes="explain",
            )
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#learner-name", Input).focus()

    @on(Input.Submitted, "#learner-name")
    @on(Button.Pressed, "#confirm")
    def _confirm(self) -> None:
        field = self.query_one("#learner-name", Input)
        try:
            self.closing.declare(field.value)
        except TutorError as exc:
            self.tutor.show_error(exc, "Type your full name to confirm")
            field.focus()
            return
        self._to_decisions()

    def action_decline(self) -> None:
        self._to_decisions()

    def _to_decisions(self) -> None:
        from tutor.ui.screens.decision import DecisionScreen

        self.app.switch_screen(DecisionScreen(self.closing))
