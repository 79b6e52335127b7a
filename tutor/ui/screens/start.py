"""The start screen: who (learner, assessor), what (qualification, units, criteria), how
(practice or assessment; an assessment's time limit, registration number, centre and
delivery), with each unit's coverage at a glance."""

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
from textual.widgets import Button, Input, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from tutor.banks.model import Bank, Unit
from tutor.banks.stats import coverage
from tutor.errors import TutorError
from tutor.sessions.engine import DELIVERY_MODES
from tutor.sessions.state import ASSESSMENT, PRACTICE
from tutor.store.learners import learner_details, learner_names
from tutor.ui.widgets.footer import KeysFooter

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


def unit_prompt(unit: Unit, done: int, total: int, chosen: bool = False) -> Content:
    """'✓ ■■■□□  6/10 J/506/2132 Title': the tick mark repeats the check box's state in a
    form that survives a terminal without colour."""
    style = "$text-success" if total and done == total else ("" if done else "$text-muted")
    return Content.assemble(
        ("✓ " if chosen else "  ", "bold $text-accent"),
        (f"{coverage_bar(done, total)} {done:>2}/{total:<2} ", style),
        (unit.ref, "bold"),
        " ",
        Content(unit.title),
    )


def plural(count: int, one: str, many: str = "") -> str:
    """'1 unit', '2 units', '31 criteria'."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def criterion_prompt(value: str, text: str, chosen: bool) -> Content:
    """'✓ J/506/2132 1.1 Explain …' (the tick as in `unit_prompt`)."""
    return Content.assemble(
        ("✓ " if chosen else "  ", "bold $text-accent"), (value, "bold"), " ", Content(text)
    )


class StartScreen(Screen[None]):
    """Pick or create a learner, choose what to cover and how, and start."""

    # Below 160 columns the two lists stack, so unit titles and criteria keep the full width
    # (side by side any narrower, a 60-character unit title is cut short).
    # Annotated as Textual's Screen annotates it, which type checkers read as an instance
    # attribute.
    HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] | None = [  # noqa: RUF012
        (0, "-narrow"),
        (160, "-wide"),
    ]
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
            yield Input(placeholder="minutes, e.g. 20", id="minutes", type="integer", disabled=True)
        # What a record of an assessment must state; shown for assessments only.
        with Horizontal(id="assessment"):
            yield Input(placeholder="Registration number", id="registration")
            yield Input(placeholder="Centre", id="centre")
            yield Select(
                [(f"Delivery: {mode}", mode) for mode in DELIVERY_MODES],
                value=DELIVERY_MODES[0],
                allow_blank=False,
                id="delivery",
                compact=True,
            )
        yield Select([], prompt="Every unit in the bank", id="qualification", compact=True)
        with Horizontal(id="lists"):
            units = SelectionList[str](id="units")
            units.border_title = "Units · Space ticks"
            units.loading = True
            yield units
            criteria = SelectionList[str](id="criteria")
            criteria.border_title = "Criteria to cover"
            yield criteria
        with Horizontal(id="actions"):
            yield Static("", id="summary")
            yield Button("Start · Ctrl+S", variant="primary", id="start", compact=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        self._dropped: set[str] = set()  # criteria the user unticked; kept across unit changes
        self._coverage: dict[str, tuple[int, int]] = {}  # unit -> (questioned, target)
        self._criterion_text: dict[str, str] = {}  # "J/506/2132 1.1" -> its text
        self._learners: set[str] = set()  # names the store knows
        self._filled: dict[str, str] = {}  # field id -> the value remembered for the learner
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
            names = learner_names(store)
        except TutorError:
            names = []
        self._learners = set(names)
        self.query_one("#learner", Input).suggester = SuggestFromList(names, case_sensitive=False)

    def _bank_changed(self, bank: Bank | None) -> None:
        # The app opens the store before it reads the banks, but after this screen mounts:
        # the learners' names are there to suggest from now on.
        self._suggest_learners()
        if bank is None:
            return
        self._coverage = {unit.ref: unit_coverage(unit) for unit in bank.units.values()}
        qualifications = self.query_one("#qualification", Select)
        qualifications.set_options(
            [(f"{q.number} {q.title}".strip(), q.key) for q in bank.qualifications]
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
        qualification = next((q for q in bank.qualifications if q.key == chosen), None)
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
                unit_prompt(unit, *self._coverage[unit.ref], chosen=unit.ref in selected),
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
                chosen = value not in self._dropped
                self._criterion_text[value] = criterion.text
                prompt = criterion_prompt(value, criterion.text, chosen)
                listing.add_option(Selection(prompt, value, chosen))
        if listing.option_count:
            listing.highlighted = 0
        self._summarise()

    def _summarise(self) -> None:
        """The choice in words: the ticks alone are easy to misread (and colourless in a
        plain terminal), so the counts are spelled out beside Start and on the lists."""
        criteria = self.query_one("#criteria", SelectionList)
        units = self.query_one("#units", SelectionList)
        chosen, unit_count = len(criteria.selected), len(units.selected)
        units.border_title = f"Units · {unit_count} chosen" if unit_count else "Units · Space ticks"
        criteria.border_title = f"Criteria · {chosen} of {criteria.option_count} chosen"
        self.set_class(not unit_count, "-no-units")
        text = (
            f"{plural(unit_count, 'unit')} · {plural(chosen, 'criterion', 'criteria')} chosen"
            " · Ctrl+S starts"
            if chosen
            else "Tab to the units, Space ticks one, then Ctrl+S or Start"
        )
        self.query_one("#summary", Static).update(text)

    @on(Input.Submitted, "#learner")
    def _learner_entered(self) -> None:
        # Enter after the name goes straight on to what is still needed.
        if self.query_one("#mode", Select).value == ASSESSMENT:
            self.query_one("#assessor", Input).focus()
        else:
            self.query_one("#units", SelectionList).focus()

    @on(Input.Submitted, "#assessor, #minutes, #registration")
    def _detail_entered(self) -> None:
        # An assessment's details in turn (a remembered one is already filled in) …
        self.focus_next(Input)

    @on(Input.Submitted, "#centre")
    def _details_done(self) -> None:
        # … then on to the units.
        self.query_one("#units", SelectionList).focus()

    @on(Input.Changed, "#learner")
    def _learner_changed(self, event: Input.Changed) -> None:
        """Fill in a known learner's registration number and centre; a value the user typed
        is never replaced, one remembered for another learner is."""
        store = self.tutor.store
        name = event.value.strip()
        if store is None or (name not in self._learners and not self._filled):
            return
        try:
            details = learner_details(store, name)
        except TutorError:
            return
        remembered = {"registration": details.registration_number, "centre": details.centre}
        for field_id, value in remembered.items():
            field = self.query_one(f"#{field_id}", Input)
            if field.value in ("", self._filled.pop(field_id, None)):
                field.value = value or ""
                if value:
                    self._filled[field_id] = value

    @on(Button.Pressed, "#start")
    def _start_pressed(self) -> None:
        self.action_start()

    @on(Select.Changed, "#qualification")
    def _qualification_changed(self) -> None:
        self._refresh_units()

    @on(Select.Changed, "#mode")
    def _mode_changed(self, event: Select.Changed) -> None:
        assessing = event.value == ASSESSMENT
        self.query_one("#assessor", Input).disabled = not assessing
        self.query_one("#minutes", Input).disabled = not assessing
        self.set_class(assessing, "-assessment")

    @on(SelectionList.SelectedChanged, "#units")
    def _units_changed(self) -> None:
        self._mark_chosen_units()
        self._refresh_criteria()

    def _mark_chosen_units(self) -> None:
        bank = self.tutor.bank
        listing = self.query_one("#units", SelectionList)
        chosen = set(listing.selected)
        for index in range(listing.option_count):
            ref = str(listing.get_option_at_index(index).value)
            marked = str(listing.get_option_at_index(index).prompt).startswith("✓")
            unit = bank.unit(ref) if bank is not None else None
            if unit is not None and marked != (ref in chosen):
                prompt = unit_prompt(unit, *self._coverage[ref], chosen=ref in chosen)
                listing.replace_option_prompt_at_index(index, prompt)

    @on(SelectionList.SelectionToggled, "#criteria")
    def _criterion_toggled(self, event: SelectionList.SelectionToggled) -> None:
        value = str(event.selection.value)
        chosen = value in event.selection_list.selected
        if chosen:
            self._dropped.discard(value)
        else:
            self._dropped.add(value)
        event.selection_list.replace_option_prompt_at_index(
            event.selection_index, criterion_prompt(value, self._criterion_text[value], chosen)
        )
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
        delivery = self.query_one("#delivery", Select).value
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
                    registration=self.query_one("#registration", Input).value.strip() or None,
                    centre=self.query_one("#centre", Input).value.strip() or None,
                    delivery=delivery if isinstance(delivery, str) else None,
                )
        except (TutorError, ValueError) as exc:
            self.tutor.show_error(exc, "Session not started")
            return
        self.tutor.learner = learner
        self.tutor.open_session(engine)
