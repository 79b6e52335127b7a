"""`tutor chat --plain`: a session as one line per event, one answer per line.

Reads answers from standard input, so it works in a terminal, with a screen reader, and
scripted from a file or a pipe. End of input saves and closes the session cleanly.
"""

from __future__ import annotations

import contextlib
import inspect
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import click

from tutor.banks.model import Bank
from tutor.banks.refs import CriterionRef, normalise_unit_ref
from tutor.cli.options import (
    COUNT,
    SECONDS,
    SESSION_ID,
    banks_option,
    db_option,
    load_banks,
    resolve_db,
)
from tutor.cli.stdin import LineReader
from tutor.errors import BankError, UnknownCriterion
from tutor.scoring.result import label
from tutor.sessions import plain as lines
from tutor.sessions import rules
from tutor.sessions.assessment import AUTHENTICITY_STATEMENT, COUNTERSIGN_STATEMENT, DECISIONS
from tutor.sessions.engine import AssessorNeeded, SessionEngine
from tutor.sessions.rules import RULES, Action, AssessmentClose, Move, Offer, Saved
from tutor.sessions.state import ASSESSMENT, PRACTICE, SessionError
from tutor.store.db import StoreBusy

if TYPE_CHECKING:
    from tutor.signing.keys import SigningKey
from tutor.store.queries import Store

STOP, NEXT, STAY = "stop", "next", "stay"  # what the chat does after a command


@dataclass(frozen=True)
class ChatCommand:
    """A slash command typed instead of an answer: how it is typed, the PlainChat method
    that carries it out (given the text after the command), the session action it is (whose
    summary the session rules give) and anything the plain chat adds to that summary."""

    usage: str
    run: Callable[[PlainChat, str], str]
    action: Action | None = None
    more: str = ""

    @property
    def name(self) -> str:
        return self.usage.split()[0]

    @property
    def summary(self) -> str:
        if self.action is None:
            return self.more
        rule = RULES[self.action]
        return rule.summary + rule.mode_note + self.more


def commands_help() -> list[str]:
    """The commands, one per line, for /help and `tutor chat --help`: written once."""
    width = max(len(c.usage) for c in COMMANDS) + 2
    out = []
    for command in COMMANDS:
        first, *more = command.summary.splitlines()
        out.append(f"  {command.usage:<{width}}{first}")
        out += [" " * (width + 2) + line for line in more]
    return [*out, "Start an answer with // to begin it with a slash."]


# What an assessor may type for a decision: its label ("not yet met"), its value, or a short
# form.
_DECISION_WORDS: dict[str, str] = {
    **{label(value).lower(): value for value in DECISIONS},
    **{value: value for value in DECISIONS},
    "m": "met",
    "nym": "not_yet_met",
    "n": "not_yet_met",
    "insufficient": "insufficient_evidence",
    "ie": "insufficient_evidence",
    "i": "insufficient_evidence",
}


def resolve_criteria(bank: Bank, unit_ref: str | None, criteria: str | None) -> list[str]:
    """The criteria a session covers: a unit's questioned criteria, or a list such as
    "J/506/2132 1.1, 1.2; Y/506/2135 1.1" (a bare number belongs to the unit before it)."""
    if not bank.units:
        raise BankError("the question bank is empty; pass --banks with a folder holding units/")
    if unit_ref:
        unit = bank.unit(normalise_unit_ref(unit_ref))
        if unit is None:
            raise UnknownCriterion(f"unit {unit_ref} is not in the question bank; check --unit")
        refs = [f"{unit.ref} {c.id}" for _, c in unit.criteria() if c.questions]
        if not refs:
            raise UnknownCriterion(f"unit {unit.ref} has no questions yet; choose another unit")
        return refs
    refs = []
    current_unit = ""
    for item in (criteria or "").replace(";", ",").split(","):
        words = item.split()
        if not words:
            continue
        if len(words) == 1 and current_unit:
            words = [current_unit, words[0]]
        ref = CriterionRef.parse(" ".join(words))
        current_unit = ref.unit
        unit = bank.unit(ref.unit)
        if unit is None:
            raise UnknownCriterion(f"unit {ref.unit} is not in the question bank; check --criteria")
        if unit.criterion(ref.criterion) is None:
            raise UnknownCriterion(f"{ref} is not in the question bank; check --criteria")
        refs.append(f"{unit.ref} {ref.criterion}")
    if not refs:
        raise UnknownCriterion('no criteria given; e.g. --criteria "J/506/2132 1.1, 1.2"')
    return list(dict.fromkeys(refs))


class PlainChat:
    """The dialogue: prompts and lines out, commands and answers in."""

    def __init__(
        self, engine: SessionEngine, reader: LineReader, echo: Callable[[str], None]
    ) -> None:
        self.engine = engine
        self.reader = reader
        self.echo = echo
        self.closing = AssessmentClose(engine)

    def read(self) -> str | None:
        """The next line, showing timer warnings that fall due while waiting."""
        while True:
            for warning in self.engine.timer_warnings():
                self.echo(f"Timer: {warning}")
            timed = bool(self.engine.timers())
            try:
                return self.reader.readline(1.0 if timed else None)
            except TimeoutError:
                continue

    def run(self, waiting: bool = False) -> None:
        """Ask, read and answer until the plan is done, /end, time up or end of input."""
        engine = self.engine
        while not engine.ended:
            if not waiting:
                asked = engine.next_question()
                if asked is None:
                    if engine.time_up:
                        self.echo("Time is up for this session.")
                    break
            waiting = False
            self.show_question()
            if not self.answer_loop():
                return

    def show_question(self) -> None:
        asked = self.engine.current()
        if asked is None:
            return
        self.echo(lines.question_line(asked))
        if line := lines.timers_line(self.engine.timers()):
            self.echo(line)

    def answer_loop(self) -> bool:
        """Read until the learner moves on from this question; False to stop asking.

        What a line means follows the session rules (`rules.move_for`): while a question
        waits it is its answer; once answered, a blank line moves on and (practice) text is
        another try. Commands act on the question just answered. An answer the database was
        too busy to store is kept: Enter (or the end of input) sends it again, a new line
        replaces it.
        """
        engine = self.engine
        kept: str | None = None
        while True:
            line = self.read()
            if line is None:
                if kept is not None and self.send(kept) is Saved.NOTHING:
                    raise StoreBusy(
                        "the database stayed busy, so the last answer was not saved; take the "
                        "session up again with " + _resume_options(engine.session_id, engine.mode)
                    )
                engine.end("end of input")
                return False
            if line.startswith("/") and not line.startswith("//"):
                outcome = self.command(line)
                if outcome == "stop":
                    return False
                if outcome == "next":
                    return True
                continue
            text = line[1:] if line.startswith("//") else line
            if not text.strip() and kept is not None:
                text = kept
            move = rules.move_for(text, awaiting_answer=engine.awaiting_answer, mode=engine.mode)
            if move is Move.NEXT:
                return True
            if move is Move.ANSWER_FIRST:
                self.echo("Type your answer on one line, or /help for commands.")
                continue
            if move is Move.NOT_AN_ANSWER:
                self.echo(
                    "Type /ask before a question of your own, or press Enter to move on; "
                    "that line was not recorded."
                )
                continue
            try:
                saved = self.send(text)
            except SessionError as exc:
                self.echo(f"Not saved: {exc}")
                continue
            kept = text if saved is Saved.NOTHING else None
            if kept is not None:
                self.echo(
                    "Not saved yet: the database is busy (another program is writing to it); "
                    "your answer is kept: press Enter to send it again."
                )

    def send(self, text: str) -> Saved:
        """Send one answer (or another try) and show what came of it."""
        reply = rules.send(self.engine, text)
        if reply.saved is Saved.ANSWER_ONLY:
            self.echo("Answer saved; its feedback could not be noted (the database is busy).")
            self.offer_next()
        if reply.result is None:
            return reply.saved
        if reply.move is Move.ANOTHER_TRY:
            self.echo("Taken as another try at this question.")
        for out in lines.feedback_lines(reply.result):
            self.echo(out)
        if reply.result.late:
            self.echo("Timer: this answer came after the time limit; it is saved, marked late.")
        self.offer_next()
        return reply.saved

    def offer_next(self) -> None:
        """Say what can be done before the next question."""
        engine = self.engine
        suggested = engine.suggested_follow_up()
        if engine.mode == PRACTICE:
            offered = rules.offer(
                engine, Action.FOLLOW_UP, paused=False, ended=False, time_up=engine.time_up
            )
            offer = "/followup, " if offered is Offer.YES else ""
            self.echo(
                f"Press Enter for the next question, or type {offer}/retry, /model or another try."
            )
            return
        if suggested:
            self.echo(f"Assessor: suggested follow-up: {lines.flowing(suggested)}")
        self.echo(
            "Assessor: press Enter for the next question, or /followup, /ask TEXT, /note TEXT."
        )

    def command(self, line: str) -> str:
        """Carry out a slash command; returns 'stop', 'next' or 'stay'."""
        name, _, rest = line.partition(" ")
        found = COMMANDS_BY_NAME.get(name.lower())
        if found is None:
            self.echo(f"Unknown command {lines.printable(name.lower())}; type /help.")
            return STAY
        try:
            return found.run(self, rest.strip())
        except SessionError as exc:
            self.echo(f"Not available: {exc}")
        except StoreBusy as exc:
            self.echo(f"Not done: {lines.printable(str(exc))}")
        return STAY

    def help(self, _: str) -> str:
        self.echo("Commands typed instead of an answer:")
        for out in commands_help():
            self.echo(out)
        return STAY

    def hint(self, _: str) -> str:
        self.echo(f"Hint: {lines.flowing(self.engine.hint())}")
        return STAY

    def model_answer(self, _: str) -> str:
        self.echo(f"Model answer: {lines.flowing(self.engine.model_answer())}")
        return STAY

    def retry(self, _: str) -> str:
        asked = self.engine.retry()
        self.echo(f"Try again: {lines.flowing(asked.question.text)}")
        return STAY

    def follow_up(self, _: str) -> str:
        text = self.engine.follow_up()
        self.echo(
            f"Follow-up: {lines.flowing(text)}"
            if text
            else "No follow-up: the last answer missed no point that has one."
        )
        return STAY

    def ask(self, question: str) -> str:
        if not question:
            self.echo("Type the question after /ask.")
        else:
            self.engine.assessor_question(question)
            self.echo(f"Assessor asks: {lines.printable(question)}")
        return STAY

    def override(self, rest: str) -> str:
        judgement, _, reason = rest.partition(" ")
        judgement = judgement.lower().replace("-", "_")
        self.engine.record.override(None, judgement, reason)
        self.echo(f"Override saved: {judgement}; the machine score is kept beside it.")
        return STAY

    def note(self, text: str) -> str:
        if not text:
            self.echo("Type the note after /note.")
        else:
            self.engine.note(text)
            self.echo("Note saved.")
        return STAY

    def skip(self, _: str) -> str:
        if self.engine.awaiting_answer:
            self.engine.skip()
            self.echo("Skipped.")
        return NEXT

    def next(self, _: str) -> str:
        if self.engine.awaiting_answer:
            self.echo("Answer first, or /skip.")
            return STAY
        return NEXT

    def pause(self, _: str) -> str:
        return self.paused()

    def end(self, _: str) -> str:
        self.engine.end(rules.ended_by(self.engine.mode))
        return STOP

    def paused(self) -> str:
        self.engine.pause()
        self.echo("Paused; the clock has stopped. Type /resume to go on, or /end.")
        while True:
            line = self.reader.readline()
            if line is None:
                self.engine.end("end of input while paused")
                return "stop"
            word = line.strip().lower()
            if word in ("/resume", "/pause"):
                self.engine.resume()
                self.echo("Resumed.")
                if self.engine.awaiting_answer:
                    self.show_question()
                return "stay"
            if word == "/end":
                self.engine.end("ended while paused")
                return "stop"
            if word.startswith("/note "):
                self.engine.note(line.strip()[6:].strip())
                self.echo("Note saved.")
                continue
            self.echo("The session is paused: type /resume to go on.")

    def record(self) -> None:
        """After an assessment, in the order `AssessmentClose` sets: the learner's declaration
        in their own turn, then the assessor's decision per criterion, feedback and
        countersignature. End of input leaves open decisions as pending, never invented."""
        closing = self.closing
        if not self.declare():
            return self.close_record()
        self.echo(
            "Assessor: record a decision for each criterion: met, not yet met or "
            "insufficient evidence, then a reason."
        )
        for criterion in closing.criteria():
            decision = None
            while decision is None:
                self.echo(f"Decision for {criterion.criterion} ({criterion.machine_line()}):")
                line = self.reader.readline()
                if line is None:
                    return self.close_record()
                decision = _DECISION_WORDS.get(" ".join(line.lower().split()))
                if decision is None:
                    self.echo("Type met, not yet met or insufficient evidence.")
            reason = ""
            while not reason:
                self.echo(f"Reason for {criterion.criterion}:")
                line = self.reader.readline()
                if line is None:
                    return self.close_record()
                reason = line.strip()
            closing.decide(criterion.criterion, decision, reason)
        self.echo("Feedback for the learner:")
        feedback = self.reader.readline()
        if feedback is None:
            return self.close_record()
        self.echo("Next steps:")
        next_steps = self.reader.readline()
        if next_steps is None:
            return self.close_record()
        closing.give_feedback(feedback, next_steps)
        self.echo(
            f"Assessor's countersignature: \u201c{COUNTERSIGN_STATEMENT}\u201d "
            "Type your name to countersign:"
        )
        name = self.reader.readline()
        while name is not None and not name.strip():
            self.echo("Type your name to countersign:")
            name = self.reader.readline()
        if name is None:
            return self.close_record()
        self.say_pending(closing.countersign(name))
        self.echo(f"Countersigned by {lines.printable(name.strip())}.")
        return None

    def declare(self) -> bool:
        """The learner, still at the keyboard, confirms the answers are their own by typing
        their full name (or /skip leaves the declaration unmade). False at end of input."""
        self.echo(f"Learner's declaration: \u201c{AUTHENTICITY_STATEMENT}\u201d")
        self.echo("Learner: type your full name to confirm it, or /skip to leave it unmade:")
        while True:
            name = self.reader.readline()
            if name is None:
                return False
            if name.strip().lower() == "/skip":
                self.echo("Declaration not made; the record will say so.")
                return True
            if name.strip():
                self.closing.declare(name)
                self.echo(
                    f"Declared by {lines.printable(name.strip())}. "
                    "Please hand the keyboard to the assessor."
                )
                return True
            self.echo("Type your full name to confirm, or /skip:")

    def close_record(self) -> None:
        self.say_pending(self.closing.close())

    def say_pending(self, left: list[str]) -> None:
        if left:
            self.echo("Recorded as pending (no decision given): " + ", ".join(left))


COMMANDS: tuple[ChatCommand, ...] = (
    ChatCommand("/hint", PlainChat.hint, Action.HINT),
    ChatCommand("/model", PlainChat.model_answer, Action.MODEL_ANSWER),
    ChatCommand("/retry", PlainChat.retry, Action.RETRY),
    ChatCommand("/followup", PlainChat.follow_up, Action.FOLLOW_UP),
    ChatCommand("/skip", PlainChat.skip, Action.SKIP),
    ChatCommand("/next", PlainChat.next, Action.NEXT),
    ChatCommand("/ask TEXT", PlainChat.ask, Action.ASK),
    ChatCommand("/note TEXT", PlainChat.note, Action.NOTE),
    ChatCommand(
        "/override J REASON",
        PlainChat.override,
        Action.OVERRIDE,
        ";\nJ: met, partly_met or not_yet_met",
    ),
    ChatCommand("/pause", PlainChat.pause, Action.PAUSE, "; /resume to go on"),
    ChatCommand("/end", PlainChat.end, Action.END),
    ChatCommand("/help", PlainChat.help, more="this list"),
)
COMMANDS_BY_NAME = {c.name: c for c in COMMANDS}


@click.command("chat")
@click.option("--plain", is_flag=True, help="One line per event; answers read from stdin.")
@click.option("--learner", required=True, help="The learner's name.")
@click.option("--unit", "unit_ref", help="A unit reference: every questioned criterion in it.")
@click.option("--criteria", help='Criteria, e.g. "J/506/2132 1.1, 1.2; Y/506/2135 1.1".')
@click.option(
    "--mode", type=click.Choice([PRACTICE, ASSESSMENT]), default=PRACTICE, show_default=True
)
@click.option("--limit", type=COUNT, help="Ask at most N questions.")
@click.option("--time-limit", type=SECONDS, help="Session time limit, seconds (1 to 86400).")
@click.option(
    "--question-time-limit", type=SECONDS, help="Time limit per question, seconds (1 to 86400)."
)
@click.option("--assessor", help="The assessor's name (needed to start or resume an assessment).")
@click.option("--centre", help="The centre's name.")
@click.option("--registration", help="The learner's registration number.")
@click.option("--qualification", help="The qualification number or title.")
@click.option(
    "--delivery",
    type=click.Choice(["face-to-face", "remote"]),
    help="How an assessment is held, for the record.",
)
@click.option("--resume", "resume_id", type=SESSION_ID, help="Resume this unfinished session.")
@click.option("--new", "force_new", is_flag=True, help="Start afresh; leave unfinished ones.")
@click.option("--seed", type=int, hidden=True, help="Seed question choice (tests).")
@db_option
@banks_option
@click.pass_context
def chat(
    ctx: click.Context,
    plain: bool,
    learner: str,
    unit_ref: str | None,
    criteria: str | None,
    mode: str,
    limit: int | None,
    time_limit: float | None,
    question_time_limit: float | None,
    assessor: str | None,
    centre: str | None,
    registration: str | None,
    qualification: str | None,
    delivery: str | None,
    resume_id: int | None,
    force_new: bool,
    seed: int | None,
    db: str | None,
    banks: str | None,
) -> None:
    """Run a practice or assessment session as a plain-text chat.

    Each question, feedback and timer warning is one line; each answer is one line of
    UTF-8 input, typed, piped or read from a file (< answers.txt). After feedback, press
    Enter (a blank line) for the next question. At the end of an assessment the learner
    confirms that the answers are their own by typing their full name, then the assessor
    records a decision and reason per criterion, feedback and next steps, and countersigns.
    End of input saves and closes the session; the session id is printed last. Input that
    cannot be read (not UTF-8) stops the session paused, every answer given kept. An
    unfinished session can be taken up with --resume ID; an assessment only by its
    assessor, with --assessor NAME. An assessment's clock runs while the chat is stopped
    without /pause, so that time counts as used.

    Answers are stored exactly as typed, up to 2,000,000 characters; a longer one is
    refused and nothing is stored. The commands typed instead of an answer follow.
    """
    if not plain:
        raise click.UsageError(
            "only the plain chat exists on the command line: add --plain "
            "(run `tutor` with no command for the full-screen app)"
        )
    if resume_id is None and bool(unit_ref) == bool(criteria):
        raise click.UsageError("give either --unit REF or --criteria LIST")
    if mode == ASSESSMENT and resume_id is None and not (assessor or "").strip():
        raise click.UsageError("an assessment needs --assessor NAME")
    reader = LineReader(sys.stdin)
    bank = load_banks(ctx, banks)
    _prepare_scoring(bank)
    chosen = [] if resume_id is not None else resolve_criteria(bank, unit_ref, criteria)
    with Store.open(resolve_db(ctx, db)) as store:
        engine = SessionEngine(
            bank,
            store,
            lambda: datetime.now(UTC),
            random.Random(seed),
            signing_key=_signing_key() if mode == ASSESSMENT or resume_id else None,
        )
        session = PlainChat(engine, reader, click.echo)
        waiting = False
        if resume_id is None and not force_new:
            resume_id = _offer_resumption(store, learner, reader)
        try:
            if resume_id is not None:
                found = store.session(resume_id)
                if found["learner"] != learner.strip():
                    raise SessionError(f"session {resume_id} belongs to another learner")
                try:
                    waiting = engine.resume_session(resume_id, by=assessor) is not None
                except AssessorNeeded as exc:
                    raise click.UsageError(f"{exc} (pass --assessor NAME)", ctx) from exc
                click.echo(f"Resuming session {resume_id} ({found['mode']}).")
            elif mode == PRACTICE:
                engine.start_practice(
                    learner, chosen, limit=limit, time_limit=time_limit, registration=registration
                )
            else:
                engine.start_assessment(
                    learner,
                    assessor or "",
                    chosen,
                    limit=limit,
                    time_limit=time_limit,
                    question_time_limit=question_time_limit,
                    centre=centre,
                    registration=registration,
                    qualification=qualification,
                    delivery=delivery.replace("-", " ") if delivery else None,
                )
            click.echo(
                f"Session {engine.session_id}: {engine.mode} for "
                f"{lines.printable(learner.strip())}. Type /help for commands."
            )
            session.run(waiting)
            engine.end()
            if engine.mode == ASSESSMENT:
                session.record()
        except KeyboardInterrupt:
            click.echo(
                f"\nSession {engine.session_id} interrupted; take it up again with "
                f"{_resume_options(engine.session_id, engine.mode)}."
            )
            ctx.exit(130)
        except Exception:
            # Unreadable input or a fault: nothing is lost, and the session must not be left
            # running. The error itself is reported by the caller.
            with contextlib.suppress(Exception):
                _leave_resumable(engine, session)
            raise
        turns = len(store.turns(engine.session_id))
        click.echo(
            f"Session {engine.session_id} saved ({turns} turns); check it with: "
            f"tutor verify {engine.session_id}"
        )


def _signing_key() -> SigningKey | None:
    """This computer's signing key, if there is one (`tutor keys init`); a key that cannot
    be used is said, and the assessment is then recorded unsigned."""
    from tutor.settings import default_keys_dir
    from tutor.signing.keys import usable_key

    key, problem = usable_key(default_keys_dir())
    if problem:
        click.echo(f"Note: the record will not be signed: {problem}.")
    return key


def _leave_resumable(engine: SessionEngine, session: PlainChat) -> None:
    """After a failure mid-session, pause it (its clock stops) so --resume takes it up; after
    its end, leave open decisions pending, as end of input does."""
    try:
        ended = engine.ended
    except SessionError:  # the failure came before a session was open
        return
    if ended:
        session.close_record()
        return
    with contextlib.suppress(SessionError):  # already paused
        engine.pause()
    click.echo(
        f"Session {engine.session_id} paused with every answer given saved; take it up "
        f"again with {_resume_options(engine.session_id, engine.mode)}."
    )


def _resume_options(session_id: int, mode: str) -> str:
    """The options that take a session up again; for an assessment they name its assessor."""
    named = " --assessor NAME" if mode == ASSESSMENT else ""
    return f"--resume {session_id}{named}"


def _offer_resumption(store: Store, learner: str, reader: LineReader) -> int | None:
    """Offer the learner's latest unfinished session: asked in a terminal, noted otherwise."""
    unfinished = store.unfinished_sessions(learner.strip())
    if not unfinished:
        return None
    latest = unfinished[0]
    if not sys.stdin.isatty():
        click.echo(
            f"Note: session {latest['id']} ({latest['mode']}, started "
            f"{latest['started_at']}) was not finished; resume it with "
            f"{_resume_options(latest['id'], latest['mode'])}, or pass --new."
        )
        return None
    click.echo(
        f"Session {latest['id']} ({latest['mode']}, started {latest['started_at']}) "
        "was not finished. Resume it? [y/n]"
    )
    answer = reader.readline()
    return latest["id"] if answer and answer.strip().lower().startswith("y") else None


# `tutor chat --help` lists the commands from the same table as /help.
chat.help = "\n\n".join(
    [
        inspect.cleandoc(chat.help or ""),
        "\b\nCommands typed instead of an answer:\n" + "\n".join(commands_help()),
    ]
)


def _prepare_scoring(bank: Bank) -> None:
    """Load the word list and the bank's vocabulary while the learner reads the first
    question, not when they send their first answer."""
    import threading

    from tutor.scoring.normalise import preload
    from tutor.scoring.specificity import bank_vocabulary

    def prepare() -> None:
        preload()
        bank_vocabulary(bank)

    threading.Thread(target=prepare, name="prepare-scoring", daemon=True).start()
