"""The progress screen: a learner's coverage map, criterion by criterion.

Shows the coverage map (units × criteria, FSRS status with symbol and colour), practice
over time, scores per unit, the opt-in streak, and each criterion's scored answers (how
many, the latest and the best score). The figures come from `schedule.load_progress`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from tutor.errors import TutorError
from tutor.sessions.revision import CriterionStatus
from tutor.sessions.schedule import load_progress, set_streak
from tutor.ui.widgets.coverage_map import STATUS_STYLE, CoverageMap
from tutor.ui.widgets.footer import KeysFooter
from tutor.ui.widgets.progress_charts import PracticeChart, UnitScores
from tutor.ui.widgets.streak import StreakToggle

if TYPE_CHECKING:
    from tutor.ui.app import TutorApp

# Styled cells are not measured by the table: the Status column is as wide as its longest word.
STATUS_WIDTH = max(len(str(status)) for status in CriterionStatus)


class ProgressScreen(Screen[None]):
    """Which criteria a learner has practised, and how well."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+f", "learner", "Another learner"),
    ]

    def __init__(self, learner: str = "") -> None:
        super().__init__()
        self.learner = learner

    @property
    def tutor(self) -> TutorApp:
        return cast("TutorApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static("Progress", classes="screen-title")
        yield Input(self.learner, placeholder="Learner's name (Enter)", id="learner")
        yield Static("", id="summary")
        with Horizontal(id="revision"):
            yield CoverageMap(id="coverage")
            with Vertical(id="charts"):
                yield PracticeChart(id="practice-chart")
                yield UnitScores(id="unit-scores")
                yield StreakToggle(id="streak")
        table: DataTable[Any] = DataTable(id="map", cursor_type="row", zebra_stripes=True)
        yield table
        yield KeysFooter()

    def on_mount(self) -> None:
        if self.learner:
            self.show(self.learner)
            self.query_one("#map", DataTable).focus()
        else:
            self.query_one("#learner", Input).focus()

    @on(Input.Submitted, "#learner")
    def _learner_chosen(self, event: Input.Submitted) -> None:
        self.show(event.value.strip())

    def show(self, learner: str) -> None:
        store, bank = self.tutor.store, self.tutor.bank
        table = self.query_one("#map", DataTable)
        table.clear(columns=True)
        table.add_column("Criterion")
        table.add_column("Status", width=STATUS_WIDTH)
        table.add_columns("Answers", "Latest", "Best", "Criterion text")
        if store is None or bank is None or not learner:
            return
        try:
            history = store.criterion_history(learner)
            progress = load_progress(store, bank, learner, self.tutor.clock())
        except TutorError as exc:
            self.tutor.show_error(exc, "Progress")
            return
        self.learner = learner
        self.query_one(CoverageMap).progress = progress
        self.query_one(PracticeChart).progress = progress
        self.query_one(UnitScores).progress = progress
        self.query_one(StreakToggle).streak = progress.streak
        statuses = {c.ref: c.status for u in progress.units for c in u.criteria}
        touched = {ref.rsplit(" ", 1)[0] for ref in history}
        practised = 0
        total = 0
        for unit_ref in sorted(touched):
            unit = bank.unit(unit_ref)
            if unit is None:
                continue
            for _, criterion in unit.criteria():
                if not criterion.questions:
                    continue
                total += 1
                ref = f"{unit.ref} {criterion.id}"
                scores = [score for _, score in history.get(ref, [])]
                status = statuses.get(ref, CriterionStatus.NOT_STARTED)
                practised += bool(scores)
                table.add_row(
                    ref,
                    Content(str(status)).stylize(STATUS_STYLE[status]),
                    str(len(scores)),
                    f"{round(100 * scores[-1])}%" if scores else "–",
                    f"{round(100 * max(scores))}%" if scores else "–",
                    Text(criterion.text),
                )
        self.query_one("#summary", Static).update(
            Content(
                f"{learner}: {practised} of {total} questioned criteria practised in "
                f"{len(touched)} unit(s)"
                if touched
                else f"{learner}: no scored answers yet"
            ).append(f"; {progress.due_today} due today")
        )

    @on(StreakToggle.Changed)
    def _streak_changed(self, event: StreakToggle.Changed) -> None:
        store = self.tutor.store
        if store is None or not self.learner:
            return
        try:
            set_streak(store, self.learner, event.enabled, self.tutor.clock())
        except TutorError as exc:
            self.tutor.show_error(exc, "Streak")
            return
        self.show(self.learner)

    def action_learner(self) -> None:
        self.query_one("#learner", Input).focus()

    def action_back(self) -> None:
        self.dismiss()
