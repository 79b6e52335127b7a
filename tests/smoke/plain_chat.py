"""A learner and an assessor at `tutor chat --plain`: each line typed is chosen from the prompt
on screen, as a person would choose it, so a session follows whatever the shipped bank asks.

The same script drives the chat in-process (CliRunner, stdin answering the output so far)
and as a real process on pipes.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner, Result

from tutor.banks.model import Bank
from tutor.banks.refs import CriterionRef
from tutor.cli import main

QUESTION = re.compile(r"^Question \d+ of \d+ \[(?P<criterion>[^\]]+)\]: (?P<text>.*)$")
# Weak on purpose: no rubric of the shipped bank should credit it much. "lighthouse" is a word
# no question or model answer uses, so a transcript search for it finds only these answers.
WEAK_ANSWER = "I would smile at them like a lighthouse and hope they come back."
SEARCH_WORD = "lighthouse"
REASONS = {
    "met": "Explained each point with reasons and an example from work.",
    "not yet met": "Too thin: no reasons or examples given.",
}
FEEDBACK = "You explain the purpose of good service clearly."
NEXT_STEPS = "Give a reason and an example for every point."
MAX_LINES = 80  # a script that stops recognising the prompts must not loop for ever


def flowing(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Sitting:
    """The people at the keyboard for one session: the learner answers, strong (the
    question's model answer) and weak in turn; the assessor judges the strong answers met,
    the weak ones not yet met, gives feedback, and both sign."""

    bank: Bank
    learner: str
    assessor: str = ""
    answers: list[tuple[str, str]] = field(default_factory=list)  # (criterion, text typed)
    decisions: dict[str, str] = field(default_factory=dict)  # criterion -> decision typed

    def reply(self, shown: str) -> str | None:
        """The line to type after `shown` (the chat's output so far); None ends the input."""
        last = shown.rstrip("\n").rsplit("\n", 1)[-1]
        if found := QUESTION.match(last):
            return self._answer(found["criterion"], found["text"])
        if last.startswith(("Press Enter for the next question", "Assessor: press Enter")):
            return ""
        if last.startswith("Decision for "):
            criterion = self._criterion_in(last)
            strong = any(c == criterion and t != WEAK_ANSWER for c, t in self.answers)
            self.decisions[criterion] = "met" if strong else "not yet met"
            return self.decisions[criterion]
        if last.startswith("Reason for "):
            return REASONS[self.decisions.get(self._criterion_in(last), "not yet met")]
        if last.startswith("Feedback for the learner"):
            return FEEDBACK
        if last.startswith("Next steps"):
            return NEXT_STEPS
        if last.startswith("Learner: type your full name"):
            return self.learner  # the learner declares the answers their own
        if last.endswith("Type your name to countersign:"):
            return self.assessor
        return None

    def _criterion_in(self, line: str) -> str:
        """The criterion answered that a decision prompt names ("" if none)."""
        return next(
            (c for c, _ in self.answers if re.search(re.escape(c) + r"(?![\d.])", line)), ""
        )

    def _answer(self, criterion: str, question_text: str) -> str:
        text = WEAK_ANSWER
        if len(self.answers) % 2 == 0:
            text = flowing(self.model_answer(criterion, question_text))
        self.answers.append((criterion, text))
        return text

    def model_answer(self, criterion: str, question_text: str) -> str:
        ref = CriterionRef.parse(criterion)
        unit = self.bank.unit(ref.unit)
        found = unit.criterion(ref.criterion) if unit else None
        assert found is not None and found.questions, f"{criterion} is not in the bank"
        for question in found.questions:
            if flowing(question.text) == question_text:
                return question.model_answer
        return found.questions[0].model_answer

    @property
    def strong_answers(self) -> list[tuple[str, str]]:
        return [(c, t) for c, t in self.answers if t != WEAK_ANSWER]


class _Keyboard(io.RawIOBase):
    """Standard input that types the sitting's reply to what the command has printed so
    far (CliRunner's captured stdout) each time the command reads a line."""

    def __init__(self, reply: Callable[[str], str | None]) -> None:
        self.reply = reply
        self.pending = b""
        self.lines = 0
        self.done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:
        if not len(buffer):
            return 0
        if not self.pending and not self.done:
            sys.stdout.flush()
            shown = sys.stdout.buffer.getvalue().decode("utf-8", errors="replace")
            line = self.reply(shown) if self.lines < MAX_LINES else None
            self.lines += 1
            if line is None:
                self.done = True
            else:
                self.pending = (line + "\n").encode("utf-8")
        count = min(len(buffer), len(self.pending))
        buffer[:count] = self.pending[:count]
        self.pending = self.pending[count:]
        return count


def chat_in_process(db: Path, sitting: Sitting, *args: str) -> Result:
    """`tutor --db DB chat --plain --learner NAME ARGS…` with the sitting at the keyboard."""
    return CliRunner().invoke(
        main,
        ["--db", str(db), "chat", "--plain", "--learner", sitting.learner, *args],
        input=io.BufferedReader(_Keyboard(sitting.reply)),
    )


@dataclass(frozen=True)
class Finished:
    returncode: int
    stdout: str
    stderr: str


def converse(
    command: Sequence[str], sitting: Sitting, env: dict[str, str], timeout: float = 60
) -> Finished:
    """Run `command` as a real process, typing the sitting's replies into its stdin pipe as
    its prompts appear on stdout; killed after `timeout` seconds."""
    process = subprocess.Popen(
        list(command),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env={**env, "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8"},
    )
    assert process.stdin is not None and process.stdout is not None
    watchdog = threading.Timer(timeout, process.kill)
    watchdog.start()
    shown = ""
    try:
        for line in iter(process.stdout.readline, ""):
            shown += line
            typed = sitting.reply(shown)
            if typed is not None and not process.stdin.closed:
                try:
                    process.stdin.write(typed + "\n")
                    process.stdin.flush()
                except BrokenPipeError:
                    break
        with contextlib.suppress(BrokenPipeError):
            process.stdin.close()
        stderr = process.stderr.read() if process.stderr else ""
        returncode = process.wait()
    finally:
        watchdog.cancel()
        if process.poll() is None:
            process.kill()
    return Finished(returncode, shown, stderr)


def subprocess_env(root: Path) -> dict[str, str]:
    """The environment for a real `tutor` process: this checkout's code first on the path."""
    paths = [str(root), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
