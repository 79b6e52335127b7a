"""The tutor app: opens the store and the banks, then hands them to its screens.

`create_app` is the one factory the command line, the tests and the benchmark use. The
store is opened on mount (in the app's thread: sqlite3 connections belong to the thread that
made them); the banks load in a worker so the first screen appears at once.
"""

from __future__ import annotations

import gc
import random
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import App, CSSPathType, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen

from tutor.banks.cache import load_bank_cached, read_cached
from tutor.banks.model import Bank
from tutor.banks.problems import BrokenBank, Problem, sound_bank
from tutor.errors import TutorError
from tutor.sessions.engine import AssessorNeeded, Scorer, SessionEngine
from tutor.settings import cache_dir, default_banks_dir, default_db_path
from tutor.store.queries import Store

if TYPE_CHECKING:
    from tutor.signing.keys import SigningKey

Clock = Callable[[], datetime]


def _now() -> datetime:
    return datetime.now(UTC)


def _start_screen() -> Screen:
    # Imported when first shown, so importing the app stays light.
    from tutor.ui.screens.start import StartScreen

    return StartScreen()


class TutorApp(App[None]):
    """Practice and assessment sessions over the question banks, kept in the store."""

    TITLE = "Tutor"
    SUB_TITLE = "knowledge checks and professional discussions"
    # Every screen's styles load here, each file scoped to its screen: a screen with a
    # CSS_PATH of its own makes Textual re-parse and re-apply the whole stylesheet (every
    # widget's default CSS too) when it is first shown, which cost ~40 ms on the way to the
    # first question.
    CSS_PATH: ClassVar[CSSPathType] = [
        "app.tcss",
        "widgets/widgets.tcss",
        "screens/start.tcss",
        "screens/chat.tcss",
        "screens/decision.tcss",
        "screens/progress.tcss",
        "screens/transcripts.tcss",
        "screens/help.tcss",
    ]
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", priority=True),
        Binding("ctrl+t", "toggle_theme", "Light/dark", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    MODES: ClassVar[dict[str, str | Callable[[], Screen]]] = {"start": _start_screen}
    DEFAULT_MODE = "start"

    bank: var[Bank | None] = var(None)  # None until the loading worker has read the banks

    class BankReady(Message):
        """The banks finished loading (or failed: `error` says why)."""

        def __init__(self, bank: Bank | None, error: str = "") -> None:
            super().__init__()
            self.bank = bank
            self.error = error

        @classmethod
        def checked(cls, bank: Bank, problems: list[Problem]) -> TutorApp.BankReady:
            """The bank, or why it is not used: a damaged bank is never run on."""
            try:
                return cls(sound_bank(bank, problems))
            except BrokenBank as exc:
                return cls(None, str(exc))

    def __init__(
        self,
        db_path: Path,
        banks_dir: Path,
        *,
        clock: Clock = _now,
        rng: random.Random | None = None,
        offer_resume: bool = True,
        scorer: Scorer | None = None,
        freeze_heap: bool = False,
    ) -> None:
        super().__init__()
        self.scorer = scorer  # None: the tutor's own scorer
        self.freeze_heap = freeze_heap  # see _bank_ready; only `run` (one app a process) asks
        self.db_path = db_path
        self.banks_dir = banks_dir
        self.clock = clock
        self.rng = rng if rng is not None else random.Random()
        self.offer_resume = offer_resume
        self._signing: tuple[SigningKey | None] | None = None  # read when first needed
        self.store: Store | None = None
        self.learner = ""  # the learner chosen last on the start screen (progress uses it)
        self.bank_error = ""  # why there is no bank to run on, once loading has failed

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        try:
            self.store = Store.open(self.db_path)
        except TutorError as exc:
            self.notify(f"{exc}", title="Database", severity="error", timeout=30)
        # An unchanged bank comes from its cached copy at once (milliseconds); reading and
        # checking the YAML files is slow work for a worker.
        cached = read_cached(self.banks_dir, cache_dir()) if self.banks_dir.exists() else None
        if cached is not None:
            self.post_message(self.BankReady.checked(*cached))
        else:
            self.read_banks()

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()

    @work(thread=True, exclusive=True, exit_on_error=False, group="bank")
    def read_banks(self) -> None:
        """Read the banks off the UI thread (the cached copy when the files are unchanged)."""
        try:
            bank, problems = load_bank_cached(self.banks_dir, cache_dir())
        except TutorError as exc:
            self.post_message(self.BankReady(None, f"{exc}. Start again with --banks FOLDER."))
            return
        self.post_message(self.BankReady.checked(bank, problems))

    @on(BankReady)
    def _bank_ready(self, message: BankReady) -> None:
        if message.bank is None:
            self.bank_error = message.error
            self.notify(
                message.error, title="Question banks", severity="error", timeout=60, markup=False
            )
            return
        if self.freeze_heap:
            # What start-up built (the imported modules, the loaded bank) lives as long as the
            # process, yet each full collection walked all of it, ~100-150 ms on the way to
            # the first question: move it out of the collector's sight, once.
            self.freeze_heap = False
            gc.freeze()
        self.bank = message.bank
        if self.scorer is None:
            self.prepare_scoring(message.bank)

    @work(thread=True, exclusive=True, exit_on_error=False, group="scoring")
    def prepare_scoring(self, bank: Bank) -> None:
        """Load the English word list and the bank's vocabulary off the UI thread, so the
        first answer does not wait for them (a third of a second)."""
        from tutor.scoring.normalise import preload
        from tutor.scoring.specificity import bank_vocabulary

        preload()
        bank_vocabulary(bank)

    def new_engine(self) -> SessionEngine:
        """An engine over the loaded bank and the open store."""
        if self.bank is None:
            raise TutorError(
                self.bank_error or "the question banks are still loading; try again in a moment"
            )
        if self.store is None:
            raise TutorError(f"{self.db_path} could not be opened; restart with --db FILE")
        return SessionEngine(
            self.bank,
            self.store,
            self.clock,
            self.rng,
            scorer=self.scorer,
            signing_key=self.signing_key(),
        )

    def signing_key(self) -> SigningKey | None:
        """This computer's signing key (`tutor keys init`), read once when first needed; a
        key that cannot be used is said once, and records are then unsigned."""
        if self._signing is None:
            from tutor.settings import default_keys_dir
            from tutor.signing.keys import usable_key

            key, problem = usable_key(default_keys_dir())
            if problem:
                self.notify(f"Records will not be signed: {problem}", severity="warning")
            self._signing = (key,)
        return self._signing[0]

    def open_session(self, engine: SessionEngine) -> None:
        """Show a started or resumed session."""
        from tutor.ui.screens.chat import ChatScreen

        self.push_screen(ChatScreen(engine))

    def offer_to_resume(self) -> None:
        """Once per start: offer the newest session that was never ended."""
        if not self.offer_resume or self.store is None:
            return
        self.offer_resume = False
        try:
            unfinished = [s for s in self.store.list_sessions() if s["status"] != "ended"]
        except TutorError as exc:
            self.show_error(exc, "Database")
            return
        if not unfinished:
            return
        from tutor.ui.screens.dialogs import ConfirmScreen

        latest = unfinished[0]
        started = str(latest["started_at"])[:16].replace("T", " ")
        question = (
            f"Session {latest['id']} ({latest['mode']} for {latest['learner']}, started "
            f"{started}) was not finished. Resume it now?"
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.resume_session(int(latest["id"]), assessment=latest["mode"] == "assessment")

        self.push_screen(ConfirmScreen(question, yes="Resume", no="Not now"), answered)

    def resume_session(self, session_id: int, *, assessment: bool = False) -> None:
        """Take up an unfinished session; an assessment once its assessor has given their
        name, asked again after a name the engine refuses (Escape gives up)."""
        if not assessment:
            self._resume(session_id, None)
            return
        from tutor.ui.screens.dialogs import TextPromptScreen

        def named(name: str | None) -> None:
            if name and not self._resume(session_id, name):
                self.resume_session(session_id, assessment=True)

        prompt = f"Session {session_id} is an assessment: its assessor resumes it. Your name?"
        self.push_screen(TextPromptScreen(prompt, placeholder="The assessor's name"), named)

    def _resume(self, session_id: int, by: str | None) -> bool:
        """Open the session resumed, or show why not; False only when `by` was refused as
        the assessor's name, so that the caller asks again."""
        try:
            engine = self.new_engine()
            engine.resume_session(session_id, by=by)
            self.learner = self.store.session(session_id)["learner"] if self.store else ""
        except TutorError as exc:
            self.show_error(exc, "Not resumed")
            return not isinstance(exc, AssessorNeeded)
        self.open_session(engine)
        return True

    def show_error(self, exc: Exception, title: str = "") -> None:
        """A core error as a notification: one line that says what to do."""
        self.notify(str(exc), title=title or "Not done", severity="error", timeout=8)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def export_in_background(self, session_id: int, fmt: str, force: bool = False) -> None:
        """Write a session's record off the UI thread: `export_session` opens a connection
        of this thread's own (the UI's sqlite connection belongs to the UI thread)."""
        from tutor.export import ExportExists, export_session
        from tutor.ui.screens.export import format_name

        self.call_from_thread(
            self.notify,
            f"Exporting session {session_id} as {format_name(fmt)}…",
            title="Export",
            timeout=3,
        )
        banks = self.banks_dir if self.banks_dir.exists() else None
        try:
            path = export_session(self.db_path, session_id, fmt, force=force, banks=banks)
        except ExportExists as exc:
            # The core's message names the file; the way out here is the dialog's tick box.
            message = (
                f"{str(exc).split(';', 1)[0]}. Export again with “Overwrite” ticked (O), "
                "or move that file away first."
            )
            self.call_from_thread(self._export_failed, message)
        except BrokenBank as exc:  # each line already says what to do
            self.call_from_thread(self._export_failed, str(exc))
        except TutorError as exc:
            message = (
                f"{exc}. Set TUTOR_EXPORTS to a folder you can write to and restart, "
                "or try another format."
            )
            self.call_from_thread(self._export_failed, message)
        except Exception as exc:  # a bug in a renderer must not fail silently in a worker
            message = f"{type(exc).__name__}: {exc}. Try another format, and report this."
            self.call_from_thread(self._export_failed, message)
        else:
            self.call_from_thread(
                self.notify,
                f"Session {session_id} written to {path}",
                title="Exported",
                timeout=15,
                markup=False,
            )

    def _export_failed(self, message: str) -> None:
        self.notify(message, title="Not exported", severity="error", timeout=15, markup=False)

    # --- actions and the command palette ----------------------------------------------------

    def action_help(self) -> None:
        from tutor.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        """Quit; a session still open asks first (see `ChatScreen.confirm_quit`)."""
        from tutor.ui.screens.chat import ChatScreen

        open_sessions = [s for s in self.screen_stack if isinstance(s, ChatScreen) and not s.ended]
        if open_sessions:
            open_sessions[-1].confirm_quit()
        else:
            self.exit()

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def action_transcripts(self) -> None:
        from tutor.ui.screens.transcripts import TranscriptsScreen

        self.push_screen(TranscriptsScreen())

    def action_progress(self) -> None:
        from tutor.ui.screens.progress import ProgressScreen

        self.push_screen(ProgressScreen(self.learner))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help: key bindings", "Every key the app answers to", self.action_help)
        yield SystemCommand(
            "Light or dark theme",
            "Switch between the light and dark theme",
            self.action_toggle_theme,
        )
        commands = getattr(screen, "palette_commands", None)
        if commands is not None:
            yield from commands()


def create_app(
    db_path: Path | str | None = None,
    banks_dir: Path | str | None = None,
    *,
    clock: Clock | None = None,
    rng: random.Random | None = None,
    offer_resume: bool = True,
    scorer: Scorer | None = None,
    freeze_heap: bool = False,
) -> TutorApp:
    """The app over `db_path` and `banks_dir` (defaults: settings); the clock, randomness and
    scorer can be replaced (tests, benchmarks). `freeze_heap` is for a process that runs this
    one app: tests build many apps in one process, and frozen objects are never freed."""
    return TutorApp(
        Path(db_path) if db_path is not None else default_db_path(),
        Path(banks_dir) if banks_dir is not None else default_banks_dir(),
        clock=clock or _now,
        rng=rng,
        offer_resume=offer_resume,
        scorer=scorer,
        freeze_heap=freeze_heap,
    )


def run(db: Path | str | None = None, banks: Path | str | None = None) -> None:
    """Open the app (the `tutor` command with no subcommand, and `make run`)."""
    create_app(db, banks, freeze_heap=True).run()
