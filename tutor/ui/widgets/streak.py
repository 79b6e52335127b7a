"""The opt-in practice streak: a switch and the count of days in a row with practice."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Label, Switch


class StreakToggle(Widget):
    """Shows the streak when the learner has chosen to count one; the switch chooses."""

    streak: reactive[int | None] = reactive(None, recompose=True)

    class Changed(Message):
        """The learner turned the streak on or off."""

        def __init__(self, enabled: bool) -> None:
            super().__init__()
            self.enabled = enabled

    def compose(self) -> ComposeResult:
        yield Switch(self.streak is not None, id="streak-switch", animate=False)
        if self.streak is None:
            text = "Streak: off"
        else:
            text = f"Streak: {self.streak} day{'' if self.streak == 1 else 's'} of practice"
        yield Label(Content(text), id="streak-label")

    @on(Switch.Changed, "#streak-switch")
    def _switched(self, event: Switch.Changed) -> None:
        event.stop()
        if event.value != (self.streak is not None):
            self.post_message(self.Changed(event.value))
