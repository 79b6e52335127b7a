"""The transcripts screen: every stored session, and full-text search across them.

Stored text is shown through `visible`: a right-to-left override or a zero-width space in a
name or an answer shows as an escape, never reversing or hiding what is around it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from tutor.errors import TutorError
from tutor.store.queries import SearchHit, Store
from tutor.text import one_line, visible
from tutor.ui.widgets.footer import KeysFooter

if TYPE_CHECKING:
    from tutor.ui.app import TutorApp

SNIPPET_CHARS = 60


def when(iso_text: str | None) -> str:
    """'2026-11-02T09:00:00.000Z' -> '2026-11-02 09:00'."""
    return (iso_text or "")[:16].replace("T", " ")


def snippet(text: str) -> str:
    """Stored text on one line, visible, cut to `SNIPPET_CHARS`."""
    flat = one_line(text)
    return flat if len(flat) <= SNIPPET_CHARS else flat[: SNIPPET_CHARS - 1] + "…"


class TranscriptsScreen(Screen[None]):
    """Browse sessions newest first; Enter opens one; type to search every transcript."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+f", "search", "Search"),
        Binding("ctrl+a", "all", "All sessions"),
        Binding("e", "export", "Export…"),
    ]

    @property
    def tutor(self) -> TutorApp:
        return cast("TutorApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static("Transcripts", classes="screen-title")
        yield Input(placeholder="Search every transcript (Enter)", id="search")
        table: DataTable[Any] = DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="found")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.show_sessions()
        self.query_one("#sessions", DataTable).focus()

    def show_sessions(self) -> None:
        store = self.tutor.store
        rows = []
        if store is not None:
            try:
                rows = store.list_sessions()
            except TutorError as exc:
                self.tutor.show_error(exc, "Transcripts")
        table = self.query_one("#sessions", DataTable)
        table.clear(columns=True)
        table.add_columns("Session", "Learner", "Mode", "Status", "Started", "Turns")
        for row in rows:
            table.add_row(
                str(row["id"]),
                Text(visible(row["learner"], one_line=True)),
                row["mode"],
                row["status"],
                when(row["started_at"]),
                str(row["turns"]),
                key=str(row["id"]),
            )
        self.query_one("#found", Static).update(
            f"{len(rows)} session(s) · Enter opens one · E exports · Ctrl+F searches"
            if rows
            else "No sessions yet: start one from the start screen."
        )

    @on(Input.Submitted, "#search")
    def _search(self, event: Input.Submitted) -> None:
        query = event.value.strip()
        if not query:
            self.show_sessions()
            return
        self.query_one("#found", Static).update("Searching…")
        self.search(query)

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def search(self, query: str) -> None:
        """Full-text search on a connection of this thread's own."""
        try:
            with Store.open(self.tutor.db_path, readonly=True) as store:
                hits = store.search(query)
        except TutorError as exc:
            self.app.call_from_thread(self.tutor.show_error, exc, "Search")
            return
        self.app.call_from_thread(self.show_hits, query, hits)

    def show_hits(self, query: str, hits: list[SearchHit]) -> None:
        """The turns found; none found says so and leaves the query in the box to edit."""
        table = self.query_one("#sessions", DataTable)
        table.clear(columns=True)
        table.add_columns("Session", "Turn", "Learner", "Kind", "Text")
        for hit in hits:
            table.add_row(
                str(hit.session_id),
                str(hit.seq),
                Text(visible(hit.learner, one_line=True)),
                hit.kind,
                Text(snippet(hit.readable)),
                key=f"{hit.session_id}:{hit.seq}",
            )
        shown = visible(query, one_line=True)
        self.query_one("#found", Static).update(
            Content(f"{len(hits)} turn(s) match “{shown}” · Enter opens the session · Ctrl+A all")
            if hits
            else Content(f"No matches for “{shown}” · Ctrl+A lists every session")
        )
        if hits:
            table.focus()

    @on(DataTable.RowSelected, "#sessions")
    def _open(self, event: DataTable.RowSelected) -> None:
        from tutor.ui.screens.transcript import TranscriptScreen

        key = str(event.row_key.value)
        self.app.push_screen(TranscriptScreen(int(key.split(":")[0])))

    def highlighted_session(self) -> int | None:
        """The session of the highlighted row (a session, or a search hit in one)."""
        table = self.query_one("#sessions", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(str(key).split(":")[0])

    def action_export(self) -> None:
        from tutor.ui.screens.export import ask_and_export

        session_id = self.highlighted_session()
        if session_id is None:
            self.notify("No session to export yet: start one from the start screen.")
            return
        ask_and_export(self.tutor, session_id)

    def palette_commands(self) -> Iterator[SystemCommand]:
        """The transcripts screen's actions for the command palette."""
        yield SystemCommand(
            "Export…",
            "Write the highlighted session as PDF, Markdown, HTML, JSON or CSV",
            self.action_export,
        )
        yield SystemCommand("Search transcripts", "Full text, every session", self.action_search)
        yield SystemCommand("All sessions", "Back to the list of every session", self.action_all)

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_all(self) -> None:
        self.query_one("#search", Input).value = ""
        self.show_sessions()
        self.query_one("#sessions", DataTable).focus()

    def action_back(self) -> None:
        self.dismiss()
