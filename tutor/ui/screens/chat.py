"""The chat screen: the session as a conversation, the criteria beside it, the answer box
below, and the keys for hint, model answer, retry, follow-up, notes, pause and end.

Handlers turn a key or an answer into one call on the session engine and show what it
returned. Every answer is written to the store by `submit_answer` before it is shown; text
typed but not sent is kept as the session's draft when the app quits mid-session, and put
back in the box when the session is resumed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from tutor.banks.refs import CriterionRef
from tutor.errors import TutorError
from tutor.scoring.result import Score
from tutor.sessions import rules
from tutor.sessions.engine import SessionEngine, TurnResult
from tutor.sessions.rules import Action, Move, Offer, Saved
from tutor.sessions.state import ASSESSMENT, PRACTICE
from tutor.store.learners import draft, save_draft
from tutor.text import visible
from tutor.timestamps import iso
from tutor.ui.screens.dialogs import ConfirmScreen, TextPromptScreen
from tutor.ui.widgets.answer_box import AnswerBox
from tutor.ui.widgets.chat_bubble import ChatBubble, SystemLine
from tutor.ui.widgets.countdown import Countdown
from tutor.ui.widgets.criteria_panel import CriteriaPanel
from tutor.ui.widgets.feedback_view import FeedbackView
from tutor.ui.widgets.footer import KeysFooter
from tutor.ui.widgets.turn_view import TurnRenderer, evidence_spans

if TYPE_CHECKING:
    from tutor.ui.app import TutorApp

# The app's keys for the session's actions (`rules.ACTIONS` says when each applies).
SESSION_ACTIONS = {
    "hint": Action.HINT,
    "model_answer": Action.MODEL_ANSWER,
    "retry": Action.RETRY,
    "follow_up": Action.FOLLOW_UP,
    "ask": Action.ASK,
    "note": Action.NOTE,
    "skip": Action.SKIP,
    "next": Action.NEXT,
    "pause": Action.PAUSE,
    "end": Action.END,
}
# First on the footer, so a narrow terminal never cuts them.
FOOTER_FIRST = ("quit", "help")
PLACEHOLDER_ANSWER = "Type your answer"
PLACEHOLDER_NEXT = {
    PRACTICE: "Type another try, or press Enter for the next question",
    ASSESSMENT: "Press Enter for the next question",
}
# What closing the session leads to, by mode.
AFTER_CLOSE = {PRACTICE: "the summary", ASSESSMENT: "the declaration and decisions"}


class ChatScreen(Screen[None]):
    """One practice or assessment session."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: the keys work while the answer box has focus (a text area uses F6 and F7).
        Binding("f2", "hint", "Hint", priority=True),
        Binding("f3", "model_answer", "Model answer", priority=True),
        Binding("f4", "retry", "Retry", priority=True),
        Binding("f5", "follow_up", "Follow-up", priority=True),
        Binding("f6", "ask", "Ask", priority=True),
        Binding("f7", "note", "Note", priority=True),
        Binding("f8", "skip", "Skip", priority=True),
        Binding("ctrl+n", "next", "Next", priority=True),
        Binding("f9", "pause", "Pause", priority=True),
        Binding("f10", "end", "End", priority=True),
        # Escape leaves once the session has ended; before, it says how to end it.
        Binding("escape", "leave", "Back"),
        Binding("escape", "still_open", show=False),
    ]

    paused: reactive[bool] = reactive(False)
    ended: reactive[bool] = reactive(False)
    time_up: reactive[bool] = reactive(False)

    def __init__(self, engine: SessionEngine) -> None:
        super().__init__()
        self.engine = engine
        session = engine.store.session(engine.session_id)
        self.session = session
        self.planned: list[str] = list(session["planned_criteria"])
        self.statuses: dict[str, str] = dict.fromkeys(self.planned, "waiting")
        self.renderer = TurnRenderer(engine.mode, learner_view=True)
        self.draft_kept = False  # a draft of this session is in the store
        self.asking_to_quit = False

    @property
    def tutor(self) -> TutorApp:
        return cast("TutorApp", self.app)

    @property
    def practice(self) -> bool:
        return self.engine.mode == PRACTICE

    # --- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        session = self.session
        who = session["learner"]
        if session.get("assessor"):
            who += f" with {session['assessor']}"
        title = f"{self.engine.mode.capitalize()} · {who} · session {self.engine.session_id}"
        with Horizontal(id="topbar"):
            yield Static(Content(visible(title, one_line=True)), id="session-title")
            yield Countdown(id="countdown")
        with Horizontal(id="main"):
            yield VerticalScroll(id="conversation")
            with VerticalScroll(id="side"):
                yield Static("Criteria", classes="side-title")
                yield CriteriaPanel(id="criteria")
        yield Static("", id="status-line")
        yield AnswerBox(placeholder=PLACEHOLDER_ANSWER, id="answer")
        # Compact, and the command palette's key left to the status line and F1 help: the
        # keys of the busiest moment (a practice answer with feedback) fit in 80 columns.
        yield KeysFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#countdown", Countdown).display = False
        # Resumed or fresh, the conversation so far comes from the stored turns.
        for turn in self.engine.store.turns(self.engine.session_id):
            self._add(*self.renderer.widgets(turn))
            self._track(turn.kind, turn.criterion, turn.result)
        self.paused = self.session["status"] == "paused"
        if self.engine.timers():
            self.set_interval(1.0, self.tick)
            self.tick()
        if self.paused:
            self._say("The session is paused: F9 resumes it.", "warning")
        elif not self.engine.awaiting_answer:
            self.ask_next()
        self._refresh_panel()
        self._restore_draft()
        self.query_one("#answer", AnswerBox).focus()

    def _restore_draft(self) -> None:
        """Put back the text left unsent when the app quit mid-session."""
        try:
            text = draft(self.engine.store, self.engine.session_id)
        except TutorError as exc:
            self.tutor.show_error(exc, "Unsent answer not restored")
            return
        if text:
            self.draft_kept = True
            self.query_one("#answer", AnswerBox).load_text(text)
            self._say("The answer you had not sent is back in the box: Enter sends it.")

    def _add(self, *widgets: Widget) -> None:
        conversation = self.query_one("#conversation", VerticalScroll)
        conversation.mount_all(widgets)
        conversation.scroll_end(animate=False)

    def _say(self, text: str, kind: str = "info") -> None:
        self._add(SystemLine(text, kind=kind))

    def _track(self, kind: str, criterion: str | None, result: Score | None) -> None:
        """Keep each criterion's status as turns happen."""
        if criterion not in self.statuses:
            return
        if kind == "question":
            for other, status in self.statuses.items():
                if status == "current":
                    self.statuses[other] = "answered" if self.practice else "skipped"
            self.statuses[criterion] = "current"
        elif kind == "answer":
            overall = result if self.practice else None
            self.statuses[criterion] = overall.judgement if overall else "answered"
        elif kind == "skip" and self.statuses[criterion] == "current":
            self.statuses[criterion] = "skipped"

    def _refresh_panel(self) -> None:
        bank = self.engine.bank
        rows = []
        for criterion in self.planned:
            ref = CriterionRef.parse(criterion)
            unit = bank.unit(ref.unit)
            found = unit.criterion(ref.criterion) if unit else None
            rows.append((criterion, found.text if found else "", self.statuses[criterion]))
        self.query_one("#criteria", CriteriaPanel).rows = tuple(rows)
        self._refresh_status_line()

    def _refresh_status_line(self) -> None:
        """Say what Enter does now, above the answer box and in it, and show the keys that
        apply now."""
        waiting = self.engine.awaiting_answer
        placeholder = PLACEHOLDER_ANSWER if waiting else PLACEHOLDER_NEXT[self.engine.mode]
        if self.ended:
            text = placeholder = "The session has ended · Escape goes back to the start"
        elif self.paused:
            text = "Paused · the clock has stopped · F9 resumes"
        elif self.time_up and not waiting:
            text = "Time is up · Enter closes the session"
            after = AFTER_CLOSE[self.engine.mode]
            placeholder = f"Time is up: Enter closes the session, then {after}"
        elif self.time_up:
            text = "Time is up · finish the answer: Enter sends it · Ctrl+J new line"
        elif waiting:
            text = "Enter sends · Ctrl+J new line · F1 help · Ctrl+P commands"
        else:
            # The keys that apply now are on the footer.
            text = "Answered · Enter: the next question · F1 help · Ctrl+P commands"
        self.query_one("#status-line", Static).update(text)
        self.query_one("#answer", AnswerBox).placeholder = placeholder
        self.refresh_bindings()

    def watch_paused(self, paused: bool) -> None:
        self.query_one("#answer", AnswerBox).read_only = paused or self.ended
        self.query_one("#countdown", Countdown).paused = paused
        self.refresh_bindings()

    def watch_ended(self, ended: bool) -> None:
        self.query_one("#answer", AnswerBox).read_only = ended or self.paused
        self.query_one("#answer", AnswerBox).disabled = ended
        self._refresh_status_line()

    def watch_time_up(self, time_up: bool) -> None:
        if time_up:
            # Said once; the answer in progress may still be finished and is kept (late).
            self._say(
                "Time is up: no new question will be asked. Enter closes the session and "
                f"goes on to {AFTER_CLOSE[self.engine.mode]}."
            )
            self._refresh_status_line()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show the keys that apply now: hide what the mode does not offer, what needs an
        answer first (or none waiting), and every session key once the session has ended;
        grey out what waits while the session is paused."""
        if action in ("leave", "still_open"):
            return self.ended == (action == "leave")
        if action not in SESSION_ACTIONS:
            return True
        offered = rules.offer(
            self.engine,
            SESSION_ACTIONS[action],
            paused=self.paused,
            ended=self.ended,
            time_up=self.time_up,
        )
        return {Offer.YES: True, Offer.NO: False, Offer.PAUSED: None}[offered]

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The bindings in footer order: quit and help, then the session's keys as declared."""
        order = [*FOOTER_FIRST, *(b.action for b in self.BINDINGS if isinstance(b, Binding))]

        def rank(item: tuple[str, ActiveBinding]) -> int:
            action = item[1].binding.action
            return order.index(action) if action in order else len(order)

        return dict(sorted(super().active_bindings.items(), key=rank))

    # --- the conversation ---------------------------------------------------------------------

    def ask_next(self) -> None:
        """Put the next planned question, or close the session when there is none."""
        try:
            asked = self.engine.next_question()
        except TutorError as exc:
            self.tutor.show_error(exc)
            return
        if asked is None:
            if self.engine.time_up:
                self._say("Time is up for this session.", "warning")
            self.finish()
            return
        turn = self.engine.store.turns(self.engine.session_id)[-1]
        self._add(*self.renderer.widgets(turn))
        self._track("question", asked.criterion, None)
        self._refresh_panel()

    @on(AnswerBox.Submitted, "#answer")
    def _answer_sent(self, event: AnswerBox.Submitted) -> None:
        event.stop()
        engine = self.engine
        if self.ended or self.paused:
            return
        try:
            reply = rules.send(engine, event.text)
        except TutorError as exc:
            self.tutor.show_error(exc, "Answer not saved")
            return
        if reply.move is Move.ANSWER_FIRST:
            self.notify("Type your answer first, or press F8 to skip the question.")
        elif reply.move is Move.NEXT:
            self.ask_next()
        elif reply.move is Move.NOT_AN_ANSWER:
            # Kept in the box, not lost: the assessor may have meant to ask it.
            self.notify(
                "No question is waiting: press F6 to ask your own question, or clear the "
                "box and press Enter for the next one."
            )
        elif reply.saved is Saved.NOTHING:
            self.notify(
                "Your answer is not saved yet: the database is busy (another program is "
                "writing to it). It is still in the box: press Enter to send it again.",
                title="Not saved yet",
                severity="warning",
                timeout=15,
            )
        else:
            event.box.clear()
            self._drop_draft()
            if reply.move is Move.ANOTHER_TRY:
                self._say("Taken as another try at this question.")
            if reply.result is None:
                self.answer_saved_without_feedback()
            else:
                self.show_answer(event.text, reply.result)

    def answer_saved_without_feedback(self) -> None:
        """The database was too busy for the feedback turn after a stored answer."""
        answer = self.engine.store.turns(self.engine.session_id)[-1]
        self._add(*self.renderer.widgets(answer))
        self._track(answer.kind, answer.criterion, answer.result)
        self._refresh_panel()
        self.notify("Answer saved; its feedback could not be noted (the database is busy).")

    def show_answer(self, text: str, result: TurnResult) -> None:
        spans = evidence_spans(result.score) if self.practice else []
        self._add(ChatBubble(text, speaker="learner", title="Answer", highlights=spans))
        if self.practice:
            self._add(FeedbackView(result))
        else:
            self._say("Answer saved.")
        if result.late:
            self._say("This answer came after the time limit; it is saved, marked late.", "warning")
        self._track("answer", result.criterion, result.overall)
        self._refresh_panel()

    def tick(self) -> None:
        """Once a second: the countdown, and warnings as they fall due."""
        if self.ended:
            return
        engine = self.engine
        timers = engine.timers()
        self.query_one("#countdown", Countdown).show(timers.get("session"), timers.get("question"))
        for warning in engine.timer_warnings():
            self.notify(warning, title="Time", severity="warning", timeout=6)
            self._say(warning, "warning")
        self.time_up = engine.time_up

    def finish(self) -> None:
        """End the session; an assessment goes on to the learner's declaration, then the
        assessor's decisions."""
        try:
            self.engine.end()
        except TutorError as exc:
            self.tutor.show_error(exc)
            return
        self.ended = True
        self._drop_draft()
        if self.engine.mode == ASSESSMENT:
            # The learner declares in their own turn, then the assessor decides.
            from tutor.ui.screens.declaration import DeclarationScreen

            self.tutor.switch_screen(DeclarationScreen(self.engine))
            return
        answered = sum(1 for s in self.statuses.values() if s not in ("waiting", "skipped"))
        self._say(
            f"Session complete: {answered} of {len(self.statuses)} criteria answered. "
            "Escape goes back to the start."
        )
        self._refresh_panel()
        self.query_one("#conversation", VerticalScroll).focus()

    # --- actions ------------------------------------------------------------------------------

    def _call(self, what: str, call: Any) -> tuple[bool, Any]:
        """Run one engine call; a core error becomes a notification, never a traceback."""
        try:
            return True, call()
        except TutorError as exc:
            self.tutor.show_error(exc, f"No {what}")
            return False, None

    def _show_last_turn(self) -> None:
        turn = self.engine.store.turns(self.engine.session_id)[-1]
        self._add(*self.renderer.widgets(turn))
        self._refresh_status_line()

    def action_hint(self) -> None:
        if self._call("hint", self.engine.hint)[0]:
            self._show_last_turn()

    def action_model_answer(self) -> None:
        if self._call("model answer", self.engine.model_answer)[0]:
            self._show_last_turn()

    def action_retry(self) -> None:
        if self._call("retry", self.engine.retry)[0]:
            self._show_last_turn()

    def action_follow_up(self) -> None:
        ok, text = self._call("follow-up", self.engine.follow_up)
        if ok and text is None:
            self.notify("No follow-up: the last answer missed no point that has one.")
        elif ok:
            self._show_last_turn()

    def action_ask(self) -> None:
        def asked(text: str | None) -> None:
            if text and self._call("question", lambda: self.engine.assessor_question(text))[0]:
                self._show_last_turn()

        self.app.push_screen(TextPromptScreen("Your own question to the learner"), asked)

    def action_note(self) -> None:
        def noted(text: str | None) -> None:
            if text and self._call("note", lambda: self.engine.note(text))[0]:
                self._say("Note saved.")

        self.app.push_screen(TextPromptScreen("A note for the record"), noted)

    def action_skip(self) -> None:
        if self.engine.awaiting_answer:
            if not self._call("skip", self.engine.skip)[0]:
                return
            self._show_last_turn()
            current = self.engine.current()
            if current is not None:
                self._track("skip", current.criterion, None)
        self.ask_next()

    def action_next(self) -> None:
        if self.engine.awaiting_answer:
            self.notify("Answer first, or press F8 to skip the question.")
            return
        self.ask_next()

    def action_pause(self) -> None:
        engine = self.engine
        call = engine.resume if self.paused else engine.pause
        if not self._call("pause", call)[0]:
            return
        self.paused = not self.paused
        self._show_last_turn()

    def action_end(self) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                self._call("end", lambda: self.engine.end(rules.ended_by(self.engine.mode)))
                self.finish()

        question = "End the session now?"
        if self.engine.mode == ASSESSMENT:
            question += " The assessor then records a decision for each criterion asked."
        self.app.push_screen(ConfirmScreen(question, yes="End session", no="Go on"), confirmed)

    def action_leave(self) -> None:
        self.dismiss()

    def action_still_open(self) -> None:
        self.notify("The session is still open: F10 ends it (Ctrl+Q quits; resume later).")

    # --- quitting mid-session -----------------------------------------------------------------

    def confirm_quit(self) -> None:
        """Ctrl+Q while the session is open: ask first (Ctrl+Q again quits); the text in the
        answer box is kept for when the session is resumed."""
        if self.asking_to_quit:
            self.quit_keeping_draft()
            return
        question = "Quit now? Your answers so far are saved"
        if self.query_one("#answer", AnswerBox).text.strip():
            question += "; the unsent text in the answer box is kept for when you resume."
        else:
            question += ", and the session can be resumed when the app starts again."

        def answered(yes: bool | None) -> None:
            self.asking_to_quit = False
            if yes:
                self.quit_keeping_draft()

        self.asking_to_quit = True
        self.app.push_screen(ConfirmScreen(question, yes="Quit", no="Stay"), answered)

    def quit_keeping_draft(self) -> None:
        """Store the unsent text as the session's draft, then quit; if it cannot be stored,
        say so and stay, so the text is not lost."""
        text = self.query_one("#answer", AnswerBox).text
        if text.strip() or self.draft_kept:
            try:
                save_draft(self.engine.store, self.engine.session_id, text, iso(self.tutor.clock()))
            except TutorError as exc:
                self.tutor.show_error(exc, "Not quitting: the unsent answer could not be kept")
                return
        self.app.exit()

    def _drop_draft(self) -> None:
        """The draft is sent (or the session over): it is no longer needed."""
        if not self.draft_kept:
            return
        try:
            save_draft(self.engine.store, self.engine.session_id, "", iso(self.tutor.clock()))
        except TutorError:
            return  # a stale draft only comes back into the box; nothing is lost
        self.draft_kept = False

    def palette_commands(self) -> Iterator[SystemCommand]:
        """The session's actions for the command palette, as far as they apply now."""
        for binding in self.BINDINGS:
            assert isinstance(binding, Binding)
            if binding.show and self.check_action(binding.action, ()) is True:
                yield SystemCommand(
                    f"{binding.description} ({binding.key.upper()})",
                    f"Session: {binding.description.lower()}",
                    lambda action=binding.action: self.run_action(action),
                )
