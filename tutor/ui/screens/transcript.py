"""One stored session, read-only: every turn as it happened, the record, verify and export
(E, or "Export…" in the command palette)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar, cast

from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from tutor.errors import TutorError
from tutor.store.queries import Store
from tutor.text import visible
from tutor.ui.widgets.footer import KeysFooter
from tutor.ui.widgets.turn_view import TurnRenderer

if TYPE_CHECKING:
    from tutor.ui.app import TutorApp


class TranscriptScreen(Screen[None]):
    """A session's transcript; nothing here can change it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "verify", "Verify"),
        Binding("e", "export", "Export…"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, session_id: int) -> None:
        super().__init__()
        self.session_id = session_id

    @property
    def tutor(self) -> TutorApp:
        return cast("TutorApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static(f"Transcript · session {self.session_id}", classes="screen-title")
        yield Static("", id="details")
        yield VerticalScroll(id="turns")
        yield KeysFooter()

    def on_mount(self) -> None:
        store = self.tutor.store
        if store is None:
            return
        try:
            session = store.session(self.session_id)
            turns = store.turns(self.session_id)
        except TutorError as exc:
            self.tutor.show_error(exc, "Transcript")
            return
        details = (
            f"{session['mode'].capitalize()} · learner {session['learner']}"
            + (f" · assessor {session['assessor']}" if session.get("assessor") else "")
            + f" · {session['status']} · started {session['started_at'][:16].replace('T', ' ')}"
            + f" · {len(turns)} turns"
        )
        self.query_one("#details", Static).update(Content(visible(details, one_line=True)))
        renderer = TurnRenderer(session["mode"], learner_view=False)
        widgets = [w for turn in turns for w in renderer.widgets(turn)]
        scroll = self.query_one("#turns", VerticalScroll)
        scroll.mount_all(widgets)
        scroll.focus()

    def action_verify(self) -> None:
        self.verify()

    @work(thread=True, exclusive=True, exit_on_error=False, group="verify")
    def verify(self) -> None:
        """Recompute the hash chain and digest on this thread's own connection."""
        try:
            with Store.open(self.tutor.db_path, readonly=True) as store:
                result = store.verify(self.session_id)
        except TutorError as exc:
            self.app.call_from_thread(self.tutor.show_error, exc, "Verify")
            return
        if result.ok:
            message = f"Session {self.session_id} verified: {result.turns} turns, none altered."
            self.app.call_from_thread(self.notify, message, title="Verified")
        else:
            message = f"Session {self.session_id} does not verify: {result.problem}."
            self.app.call_from_thread(
                self.notify, message, title="Not verified", severity="error", timeout=15
            )

    def action_export(self) -> None:
        from tutor.ui.screens.export import ask_and_export

        ask_and_export(self.tutor, self.session_id)

    def palette_commands(self) -> Iterator[SystemCommand]:
        """This transcript's actions for the command palette."""
        yield SystemCommand(
            "Export…", "Write this session as PDF, Markdown, HTML, JSON or CSV", self.action_export
        )
        yield SystemCommand("Verify", "Recompute the hash chain and digest", self.action_verify)

    def action_back(self) -> None:
        self.dismiss()
