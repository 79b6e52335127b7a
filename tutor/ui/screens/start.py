"""The start screen: who (learner, assessor), what (qualification, units, criteria), how
(practice or assessment), with each unit's coverage at a glance."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import Footer, Input, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from tutor.banks.model import Bank, Unit
from tutor.banks.stats import coverage
from tutor.errors import TutorError
from tutor.sessions.engine import ASSESSMENT, PRACTICE

if TYPE_CHECKING:
    from tutor.ui.app import TutorApp

BAR_CELLS = 5


def unit_coverage(unit: Unit) -> tuple[int, int]:
    """(target criteria with a question, target criteria) of one unit."""
    total = coverage(Bank(units={unit.ref: unit}))[1]
    return total.with_question, total.target_criteria


def coverage_bar(done: int, total: int) -> str:
    filled = round(BAR_CELLS * done / total) if total else 0
    return "■" * filled + "□" * (BAR_CELLS - filled)


def unit_prompt(unit: Unit, done: int, total: int) -> Content:
    style = "$text-success" if total and done == total else ("" if done else "$text-muted")
    return Content.assemble(
        (f"{coverage_bar(done, total)} {done:>2}/{total:<2} ", style),
        (unit.ref, "bold"),
        " ",
        Content(unit.title),
    )


class StartScreen(Screen[None]):
    """Pick or create a learner, choose what to cover and how, and start."""

    CSS_PATH = "start.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Start session", priority=True),
        Binding("ctrl+r", "app.transcripts", "Transcripts"),
        Binding("ctrl+l", "app.progress", "Progress"),
    ]

    @property
    def tutor(self) -> TutorApp:
        return cast("TutorApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static("Tutor · start a session", classes="screen-title")
        with Horizontal(id="who"):
            yield Input(placeholder="Learner's name", id="learner")
            yield Select(
                [("Practice", PRACTICE), ("Assessment", ASSESSMENT)],
                value=PRACTICE,
                allow_blank=False,
                id="mode",
                compact=True,
            )
            yield Input(placeholder="Assessor's name", id="assessor", disabled=True)
            yield Input(placeholder="Minutes", id="minutes", type="integer", disabled=True)
        yield Select([], prompt="Every unit in the bank", id="qualification", compact=True)
        with Horizontal(id="lists"):
            units = SelectionList[str](id="units")
            units.border_title = "Units · criteria with questions"
            units.loading = True
            yield units
            criteria = SelectionList[str](id="criteria")
            criteria.border_title = "Criteria to cover"
            yield criteria
        yield Static("", id="summary")
        yield Footer()

    def on_mount(self) -> None:
        self._dropped: set[str] = set()  # criteria the user unticked; kept across unit changes
        self._coverage: dict[str, tuple[int, int]] = {}  # unit -> (questioned, target)
        self.watch(self.tutor, "bank", self._bank_changed)
        self._suggest_learners()
        self.query_one("#learner", Input).focus()

    def on_screen_resume(self) -> None:
        self._suggest_learners()
        self._refresh_units()

    def _suggest_learners(self) -> None:
        store = self.tutor.store
        if store is None:
            return
        try:
            names = sorted({s["learner"] for s in store.list_sessions()})
        except TutorError:
            names = []
        self.query_one("#learner", Input).suggester = SuggestFromList(names, case_sensitive=False)

    def _bank_changed(self, bank: Bank | None) -> None:
        if bank is None:
            return
        self._coverage = {unit.ref: unit_coverage(unit) for unit in bank.units.values()}
        qualifications = self.query_one("#qualification", Select)
        qualifications.set_options(
            [(f"{q.number} {q.title}", q.number) for q in bank.qualifications]
        )
        self.query_one("#units", SelectionList).loading = False
        self._refresh_units()
        if not any(c.questions for u in bank.units.values() for _, c in u.criteria()):
            self.notify(
                "No criterion in the bank has a question yet; add questions to the unit files "
                "(question_banks/README.md) or start with --banks FOLDER.",
                title="Question banks",
                severity="warning",
                timeout=15,
            )
        self.tutor.offer_to_resume()

    # --- choosing ---------------------------------------------------------------------------

    def _units_shown(self) -> list[Unit]:
        bank = self.tutor.bank
        if bank is None:
            return []
        chosen = self.query_one("#qualification", Select).value
        qualification = next((q for q in bank.qualifications if q.number == chosen), None)
        if qualification is None:
            units = sorted(bank.units.values(), key=lambda u: u.ref)
        else:
            units = [u for ref in qualification.unit_refs if (u := bank.unit(ref)) is not None]
        # Units that can be practised first; the rest stay visible (coverage at a glance).
        return sorted(units, key=lambda u: self._coverage[u.ref][0] == 0)

    def _refresh_units(self) -> None:
        listing = self.query_one("#units", SelectionList)
        selected = set(listing.selected)
        listing.clear_options()
        listing.add_options(
            Selection(
                unit_prompt(unit, *self._coverage[unit.ref]),
                unit.ref,
                unit.ref in selected,
                disabled=self._coverage[unit.ref][0] == 0,
            )
            for unit in self._units_shown()
        )
        if listing.option_count:
            listing.highlighted = 0
        self._refresh_criteria()

    def _refresh_criteria(self) -> None:
        bank = self.tutor.bank
        listing = self.query_one("#criteria", SelectionList)
        listing.clear_options()
        if bank is None:
            return
        for ref in self.query_one("#units", SelectionList).selected:
            unit = bank.unit(ref)
            if unit is None:
                continue
            for _, criterion in unit.criteria():
                if not criterion.questions:
                    continue
                value = f"{unit.ref} {criterion.id}"
                prompt = Content.assemble((value, "bold"), " ", Content(criterion.text))
                listing.add_option(Selection(prompt, value, value not in self._dropped))
        if listing.option_count:
            listing.highlighted = 0
        self._summarise()

    def _summarise(self) -> None:
        chosen = len(self.query_one("#criteria", SelectionList).selected)
        units = len(self.query_one("#units", SelectionList).selected)
        text = (
            f"{chosen} criteria from {units} unit(s) · Ctrl+S starts"
            if chosen
            else "Tick units with Space (or pick criteria on the right), then Ctrl+S"
        )
        self.query_one("#summary", Static).update(text)

    @on(Select.Changed, "#qualification")
    def _qualification_changed(self) -> None:
        self._refresh_units()

    @on(Select.Changed, "#mode")
    def _mode_changed(self, event: Select.Changed) -> None:
        assessing = event.value == ASSESSMENT
        self.query_one("#assessor", Input).disabled = not assessing
        self.query_one("#minutes", Input).disabled = not assessing

    @on(SelectionList.SelectedChanged, "#units")
    def _units_changed(self) -> None:
        self._refresh_criteria()

    @on(SelectionList.SelectionToggled, "#criteria")
    def _criterion_toggled(self, event: SelectionList.SelectionToggled) -> None:
        value = str(event.selection.value)
        if value in event.selection_list.selected:
            self._dropped.discard(value)
        else:
            self._dropped.add(value)
        self._summarise()

    def palette_commands(self) -> Iterator[SystemCommand]:
        """The start screen's main actions for the command palette."""
        yield SystemCommand("Start the session", "Start with the choices made", self.action_start)
        yield SystemCommand(
            "Transcripts", "Browse and search past sessions", self.tutor.action_transcripts
        )
        yield SystemCommand("Progress", "A learner's coverage map", self.tutor.action_progress)

    # --- starting ---------------------------------------------------------------------------

    def action_start(self) -> None:
        learner = self.query_one("#learner", Input).value.strip()
        mode = self.query_one("#mode", Select).value
        assessor = self.query_one("#assessor", Input).value.strip()
        if not learner:
            self.notify("Type the learner's name first.", severity="warning")
            self.query_one("#learner", Input).focus()
            return
        if mode == ASSESSMENT and not assessor:
            self.notify("An assessment needs the assessor's name.", severity="warning")
            self.query_one("#assessor", Input).focus()
            return
        criteria = list(self.query_one("#criteria", SelectionList).selected)
        if not criteria:
            self.notify("Tick at least one unit or criterion to cover.", severity="warning")
            self.query_one("#units", SelectionList).focus()
            return
        minutes = self.query_one("#minutes", Input).value.strip()
        qualification = self.query_one("#qualification", Select).value
        try:
            engine = self.tutor.new_engine()
            if mode == PRACTICE:
                engine.start_practice(learner, criteria)
            else:
                engine.start_assessment(
                    learner,
                    assessor,
                    criteria,
                    time_limit=60 * int(minutes) if minutes else None,
                    qualification=qualification if isinstance(qualification, str) else None,
                )
        except (TutorError, ValueError) as exc:
            self.tutor.show_error(exc, "Session not started")
            return
        self.tutor.learner = learner
        self.tutor.open_session(engine)
