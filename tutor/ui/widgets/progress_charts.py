"""Small terminal charts for the progress screen: practice over time and scores per unit.

Drawn with Textual's own `Sparkline` and text bars: no plotting dependency, and the bars
carry their figure so the chart reads without colour.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Sparkline, Static

from tutor.sessions.progress import ACTIVITY_DAYS, Progress

BAR_WIDTH = 20


def bar(score: float | None, width: int = BAR_WIDTH) -> str:
    """'██████░░░░ 60%' for 0.6; a dash for no score."""
    if score is None:
        return "–"
    filled = round(max(0.0, min(1.0, score)) * width)
    return "█" * filled + "░" * (width - filled) + f" {round(100 * score):>3}%"


class PracticeChart(Widget):
    """Scored practice answers per day over the last four weeks."""

    progress: reactive[Progress | None] = reactive(None, recompose=True)

    def compose(self) -> ComposeResult:
        days = self.progress.activity if self.progress else ()
        answers = sum(d.answers for d in days)
        active = sum(1 for d in days if d.answers)
        yield Static(
            Content(f"Practice, {ACTIVITY_DAYS} days: {answers} answers on {active} days"),
            classes="chart-title",
        )
        yield Sparkline([float(d.answers) for d in days] or [0.0], summary_function=max)


class UnitScores(Widget):
    """The mean recent score of each unit's practised criteria, as bars."""

    progress: reactive[Progress | None] = reactive(None, layout=True)

    def render(self) -> Content:
        units = self.progress.units if self.progress else ()
        lines = [Content.styled("Scores per unit (recent answers)", "bold")]
        lines += [Content(f"{u.ref:<11} {bar(u.mean_score)}") for u in units]
        return Content("\n").join(lines)
