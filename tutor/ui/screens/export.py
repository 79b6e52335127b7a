"""Export a session: a small dialog to choose the format (and whether to overwrite), then
the app writes the file in a worker (`TutorApp.export_in_background`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Label, OptionList
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from tutor.ui.app import TutorApp

# What each format is for, in the words of the person choosing one.
FORMAT_LABELS = {
    "pdf": ("PDF", "to print or file"),
    "md": ("Markdown", "plain text"),
    "html": ("HTML", "a web page"),
    "json": ("JSON", "the verifiable record"),
    "csv": ("CSV", "criteria coverage, for a spreadsheet"),
}

ExportChoice = tuple[str, bool]  # (format, overwrite an existing file)


def format_name(fmt: str) -> str:
    """'pdf' -> 'PDF', 'md' -> 'Markdown'."""
    return FORMAT_LABELS.get(fmt, (fmt.upper(), ""))[0]


def format_label(fmt: str) -> str:
    """'PDF · to print or file (.pdf)'."""
    name, purpose = FORMAT_LABELS.get(fmt, (fmt.upper(), ""))
    return f"{name} · {purpose} (.{fmt})" if purpose else f"{name} (.{fmt})"


def overwrite_label(on: bool) -> str:
    return (
        "Overwrite: on · a file of the same name is replaced"
        if on
        else "Overwrite: off · a file of the same name is kept"
    )


class ExportScreen(ModalScreen[ExportChoice | None]):
    """Choose a format: Enter exports, O ticks "overwrite", Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("o", "overwrite", "Overwrite on/off"),
    ]

    def __init__(self, session_id: int, folder: str = "") -> None:
        super().__init__()
        self.session_id = session_id
        self.folder = folder

    def compose(self) -> ComposeResult:
        from tutor.export import FORMATS

        with Vertical(classes="dialog", id="export-dialog"):
            yield Label(Content.styled(f"Export session {self.session_id}", "bold"))
            if self.folder:
                yield Label(Content(f"Into {self.folder}"), classes="muted")
            # The labelled formats first, in the order above; any newer one after them.
            ordered = [f for f in FORMAT_LABELS if f in FORMATS]
            ordered += [f for f in FORMATS if f not in FORMAT_LABELS]
            yield OptionList(
                *(Option(format_label(fmt), id=fmt) for fmt in ordered),
                id="formats",
                compact=True,
            )
            yield Checkbox(overwrite_label(False), id="force", compact=True)
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Export", variant="primary", id="export")
            yield Label("↑↓ format · Enter exports · O overwrite · Escape cancels", classes="muted")

    def on_mount(self) -> None:
        self.query_one("#formats", OptionList).focus()

    def _choice(self) -> ExportChoice | None:
        formats = self.query_one("#formats", OptionList)
        if formats.highlighted is None:
            return None
        fmt = formats.get_option_at_index(formats.highlighted).id or ""
        return fmt, self.query_one("#force", Checkbox).value

    @on(OptionList.OptionSelected, "#formats")
    def _format_chosen(self) -> None:
        self.dismiss(self._choice())

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(self._choice() if event.button.id == "export" else None)

    @on(Checkbox.Changed, "#force")
    def _overwrite_changed(self, event: Checkbox.Changed) -> None:
        # Said in words: the box's mark looks the same ticked or not without colour.
        event.checkbox.label = overwrite_label(event.value)

    def action_overwrite(self) -> None:
        self.query_one("#force", Checkbox).toggle()

    def action_cancel(self) -> None:
        self.dismiss(None)


def ask_and_export(app: TutorApp, session_id: int) -> None:
    """The Export… action of the transcript screens: the dialog, then the worker."""
    from tutor.settings import default_exports_dir

    def chosen(choice: ExportChoice | None) -> None:
        if choice is not None:
            app.export_in_background(session_id, *choice)

    folder = str(default_exports_dir(app.db_path))
    app.push_screen(ExportScreen(session_id, folder), chosen)
