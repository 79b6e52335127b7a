"""The assessment countdown: time left, amber in the last minute, red in the leeway.

Every figure that runs counts down (time left, then the leeway left to finish an answer);
once the leeway is over it says how far over the time limit the session is."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Static

from tutor.sessions.timing import Phase, TimerState, format_seconds


class Countdown(Static):
    """Shows the session's time limit (and the question's); hidden when there is none."""

    remaining: reactive[float | None] = reactive(None)
    leeway: reactive[float] = reactive(0.0)
    question_left: reactive[float | None] = reactive(None)
    phase: reactive[str] = reactive(Phase.RUNNING.value)
    paused: reactive[bool] = reactive(False)

    def show(self, session: TimerState | None, question: TimerState | None = None) -> None:
        """Take the engine's timers; the session's governs the colour when both apply."""
        governing = session or question
        self.display = governing is not None
        if governing is None:
            return
        self.leeway = governing.leeway
        self.remaining = governing.remaining
        self.phase = governing.phase.value
        self.question_left = question.remaining if question and session else None

    def watch_phase(self, old: str, new: str) -> None:
        self.remove_class(f"-{old.replace('_', '-')}")
        self.add_class(f"-{new.replace('_', '-')}")
        self._redraw()

    def watch_remaining(self) -> None:
        self._redraw()

    def watch_question_left(self) -> None:
        self._redraw()

    def watch_paused(self) -> None:
        self._redraw()

    def _redraw(self) -> None:
        if self.remaining is None:
            return
        if self.phase == Phase.OVER:
            text = f"Over time by {format_seconds(-self.remaining)}"
        elif self.phase == Phase.LEEWAY:
            text = f"Time up · leeway {format_seconds(self.leeway + self.remaining)} left"
        else:
            text = f"Time left {format_seconds(self.remaining)}"
        if self.question_left is not None:
            text += f" · question {format_seconds(max(0.0, self.question_left))}"
        if self.paused:
            text += " · paused"
        self.update(text)
