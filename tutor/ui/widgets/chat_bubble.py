"""A chat bubble: the tutor's or assessor's words on the left, the learner's on the right."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from tutor.text import visible, visible_spans

# Who speaks on which side: the learner on the right, everyone else on the left.
RIGHT = frozenset({"learner"})


class ChatBubble(Widget):
    """One message of the conversation. The text is shown as typed (never markup), with
    control and invisible characters as escapes (`visible`)."""

    def __init__(
        self,
        text: str,
        *,
        speaker: str,
        title: str = "",
        kind: str = "message",
        highlights: Sequence[tuple[int, int]] = (),
    ) -> None:
        side = "right" if speaker in RIGHT else "left"
        super().__init__(classes=f"{side} {speaker} -{kind.replace('_', '-')}")
        self.text = text
        self.title = title
        self.highlights = highlights

    def compose(self) -> ComposeResult:
        shown, highlights = visible_spans(self.text, self.highlights)
        body = Content(shown)
        for start, end in highlights:
            # Matched words of an answer, underlined so colour is not the only cue.
            body = body.stylize("underline $text-success", start, end)
        bubble = Static(body, classes="body")
        bubble.border_title = Content(visible(self.title, one_line=True))
        yield bubble


class SystemLine(Static):
    """A line from the app itself (session started, paused, time warnings)."""

    def __init__(self, text: str, *, kind: str = "info") -> None:
        super().__init__(Content(visible(text)), classes=f"-{kind}")
