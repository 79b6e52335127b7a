"""The help screen: every key the app answers to, read from the screens' own bindings."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

# Keys of the answer box, which are handled by the widget rather than declared as bindings.
ANSWER_BOX_KEYS = [
    ("Enter", "Send the answer (on an empty box: the next question)"),
    ("Ctrl+J", "New line (Shift+Enter too, where the terminal reports it)"),
]
# Keys of the decision screen's text boxes (reasons, feedback), which keep the answer box's.
DECISION_BOX_KEYS = [
    ("Enter", "In a reason, the feedback or a name: on to the next field"),
    ("Ctrl+J", "New line in a reason or the feedback"),
]
APP_KEYS = [
    ("F1", "This help"),
    ("Ctrl+P", "Command palette: every action by name"),
    ("Ctrl+T", "Light or dark theme"),
    ("Tab / Shift+Tab", "Move between fields"),
    ("Ctrl+Q", "Quit (mid-session it asks first; the unsent answer is kept for resuming)"),
]


def key_name(key: str) -> str:
    """'ctrl+s' -> 'Ctrl+S', 'f2' -> 'F2', 'escape' -> 'Escape'."""
    return " / ".join(
        "+".join(part.upper() if len(part) <= 3 else part.capitalize() for part in k.split("+"))
        for k in key.split(",")
    )


def binding_rows(screen: type[Screen]) -> list[tuple[str, str]]:
    rows = []
    for binding in screen.BINDINGS:
        if isinstance(binding, Binding) and binding.description:
            rows.append((key_name(binding.key), binding.description))
    return rows


def help_content() -> Content:
    from tutor.ui.screens.chat import ChatScreen
    from tutor.ui.screens.decision import DecisionScreen
    from tutor.ui.screens.declaration import DeclarationScreen
    from tutor.ui.screens.progress import ProgressScreen
    from tutor.ui.screens.start import StartScreen
    from tutor.ui.screens.transcript import TranscriptScreen
    from tutor.ui.screens.transcripts import TranscriptsScreen

    sections = [
        ("Everywhere", APP_KEYS),
        (
            "Start",
            [
                ("Enter", "After the learner's name: on (an assessment's details, the units)"),
                ("Space", "Tick or untick a unit or criterion"),
                *binding_rows(StartScreen),
            ],
        ),
        ("Session (chat)", [*ANSWER_BOX_KEYS, *binding_rows(ChatScreen)]),
        ("Learner's declaration", binding_rows(DeclarationScreen)),
        ("Decision (assessor)", [*DECISION_BOX_KEYS, *binding_rows(DecisionScreen)]),
        ("Transcripts", binding_rows(TranscriptsScreen)),
        ("A transcript", binding_rows(TranscriptScreen)),
        ("Progress", binding_rows(ProgressScreen)),
    ]
    parts: list[Content | tuple[str, str] | str] = []
    for title, rows in sections:
        parts += [(title, "bold $text-accent"), "\n"]
        for key, description in rows:
            parts += [(f"  {key:<16}", "bold"), f"{description}\n"]
        parts.append("\n")
    parts.append(
        "In an assessment the learner sees no hints, model answers or feedback: "
        "those keys are hidden. In a session the footer shows the keys that apply at the "
        "moment: Hint and Skip while a question waits, Retry, Follow-up and Next after an "
        "answer.\n"
    )
    return Content.assemble(*parts).rstrip()


class HelpScreen(ModalScreen[None]):
    """All key bindings, grouped by screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "dismiss", "Close help"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help") as scroll:
            scroll.border_title = "Keys"
            yield Static(help_content())
