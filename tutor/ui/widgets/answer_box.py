"""The learner's answer box: Enter sends, Ctrl+J (or Shift+Enter where the terminal tells it
apart) starts a new line."""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import TextArea

# Terminals send Ctrl+J as a line feed; Shift+Enter and Alt+Enter only reach the app where the
# terminal reports modified keys, so Ctrl+J is the one that works everywhere.
NEWLINE_KEYS = frozenset({"ctrl+j", "shift+enter", "alt+enter", "newline"})


class AnswerBox(TextArea):
    """A multi-line text box that posts `Submitted` on Enter and clears itself."""

    class Submitted(Message):
        """The learner pressed Enter; `text` is what the box held (may be blank)."""

        def __init__(self, box: AnswerBox, text: str) -> None:
            super().__init__()
            self.box = box
            self.text = text

        @property
        def control(self) -> AnswerBox:
            return self.box

    def __init__(self, *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            highlight_cursor_line=False,
            placeholder=placeholder,
            id=id,
            compact=True,
        )

    async def _on_key(self, event: events.Key) -> None:
        if self.read_only:
            return
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted(self, self.text))
            return
        if event.key in NEWLINE_KEYS:
            event.stop()
            event.prevent_default()
            self.insert("\n")
            return
        await super()._on_key(event)

    def take(self) -> str:
        """The text, and an empty box."""
        text = self.text
        self.clear()
        return text
