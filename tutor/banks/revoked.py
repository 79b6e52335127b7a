"""Laws a bank must not name as current: the list (`revoked.yaml`) and the check.

Law moves under a bank: the Consumer Protection from Unfair Trading Regulations 2008 gave
way to the Digital Markets, Competition and Consumers Act 2024 on 6 April 2025. The list
beside the bank's units/ names each revoked instrument, the patterns that find it, when it
went and what replaced it:

    - name: Sale of Goods Act 1979
      patterns: ['Sale of Goods Act']       # regular expressions, any case
      revoked: 2015-10-01
      scope: consumer contracts             # optional: replaced only for these
      replaced_by: Consumer Rights Act 2015

`tutor bank check` warns where a bank's own words (a question, model answer, hint, follow-up
or rubric point) name one. Alternatives are not checked: they are what learners say, and a
learner who names the old law for the right idea still earns the point. Nor is the
specification's guidance, which is the awarding body's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from tutor.banks.files import QUALIFICATIONS_DIR, UNITS_DIR, default_banks_dir, locate_in_files
from tutor.banks.model import Bank, Question
from tutor.banks.problems import WARNING, YAML_LOADER, Problem, YamlPath, locate, yaml_error
from tutor.banks.validate import unit_file

REVOKED_FILE = "revoked.yaml"


@dataclass(frozen=True)
class RevokedInstrument:
    """A law no longer in force (or, with a `scope`, no longer the law for that scope)."""

    name: str
    patterns: tuple[re.Pattern[str], ...]
    revoked: date
    replaced_by: str
    scope: str = ""

    def named_in(self, text: str) -> str | None:
        """The words of `text` that name this instrument, if any do."""
        spaced = " ".join(text.split())
        for pattern in self.patterns:
            if found := pattern.search(spaced):
                return found.group(0)
        return None

    @property
    def advice(self) -> str:
        """When it went and what to name instead."""
        when = f"{self.revoked.day} {self.revoked:%B %Y}"
        went = f"replaced for {self.scope} on {when}" if self.scope else f"revoked on {when}"
        return f"the {self.name}, {went}: name the {self.replaced_by} instead"


def revoked_list(root: Path) -> Path:
    """The list a bank is checked against: its own beside its units/, else the shipped one."""
    folder = root if root.is_dir() else root.parent
    if folder.name in (UNITS_DIR, QUALIFICATIONS_DIR):
        folder = folder.parent
    own = folder / REVOKED_FILE
    return own if own.is_file() else default_banks_dir() / REVOKED_FILE


def read_revoked(
    path: Path, label: str | None = None
) -> tuple[list[RevokedInstrument], list[Problem]]:
    """The instruments listed in `path`, and every problem in the file, each with its line."""
    file = label or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Problem(file, "", f"cannot be read ({exc.__class__.__name__})")]
    try:
        data = yaml.load(text, Loader=YAML_LOADER)
    except yaml.YAMLError as exc:
        line, reason = yaml_error(exc, text)
        return [], [Problem(file, "", f"invalid YAML: {reason}", line=line)]
    if not isinstance(data, list):
        return [], [Problem(file, "", "should be a list of revoked instruments", line=1)]
    instruments: list[RevokedInstrument] = []
    problems: list[Problem] = []
    for i, item in enumerate(data):
        instrument, found = _instrument(item, file, i)
        problems += found
        if instrument is not None and not found:
            instruments.append(instrument)
    return instruments, locate(problems, text)


def _instrument(item: Any, file: str, index: int) -> tuple[RevokedInstrument | None, list[Problem]]:
    """One entry of the list, or every problem in it."""
    where, at = f"instrument {index + 1}", (index,)
    if not isinstance(item, dict):
        message = "should be a mapping with name, patterns, revoked and replaced_by"
        return None, [Problem(file, where, message, at=at)]
    problems = [
        Problem(file, where, f"unknown key '{key}' (a typo?)", at=(*at, key))
        for key in item
        if key not in ("name", "patterns", "revoked", "replaced_by", "scope")
    ]
    name, replaced_by, scope = (item.get(key) for key in ("name", "replaced_by", "scope"))
    given = [("name", name), ("replaced_by", replaced_by)]
    for key, value in given + ([("scope", scope)] if scope is not None else []):
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(file, where, f"'{key}' should be text", at=(*at, key)))
    revoked = item.get("revoked")
    if not isinstance(revoked, date):
        message = f"'revoked' should be a date such as 2025-04-06, not {revoked!r}"
        problems.append(Problem(file, where, message, at=(*at, "revoked")))
    raw = item.get("patterns")
    if not isinstance(raw, list) or not raw:
        message = "'patterns' should be a list of regular expressions"
        problems.append(Problem(file, where, message, at=(*at, "patterns")))
        raw = []
    patterns = []
    for j, pattern in enumerate(raw):
        try:
            patterns.append(re.compile(str(pattern), re.IGNORECASE))
        except re.error as exc:
            message = f"pattern {pattern!r} is not a regular expression: {exc}"
            problems.append(Problem(file, where, message, at=(*at, "patterns", j)))
    if problems or not isinstance(revoked, date):
        return None, problems
    instrument = RevokedInstrument(
        name=str(name).strip(),
        patterns=tuple(patterns),
        revoked=revoked,
        replaced_by=str(replaced_by).strip(),
        scope=str(scope or "").strip(),
    )
    return instrument, []


def authored_texts(question: Question) -> Iterator[tuple[str, YamlPath, str]]:
    """A question's own words, each with what it is and where it is under the question:
    its text, model answer, hint, follow-ups and rubric points (not their alternatives)."""
    yield "the question", ("text",), question.text
    yield "the model answer", ("model_answer",), question.model_answer
    yield "the hint", ("hint",), question.hint
    for i, follow_up in enumerate(question.follow_ups):
        yield f"follow-up {i + 1}", ("follow_ups", i), follow_up
    for i, point in enumerate(question.rubric.points):
        yield f"point {i + 1}", ("rubric", "points", i, "text"), point.text


def check_revoked(bank: Bank, instruments: Sequence[RevokedInstrument]) -> list[Problem]:
    """A warning for each place a question names a revoked instrument (its line is found by
    `locate`, on the words themselves)."""
    return [
        Problem(
            file,
            where,
            f"{label} names {instrument.advice}",
            severity=WARNING,
            at=(*question_at, *at),
            words=words,
        )
        for file, where, question_at, question in _questions(bank)
        for label, at, text in authored_texts(question)
        for instrument in instruments
        if (words := instrument.named_in(text))
    ]


def _questions(bank: Bank) -> Iterator[tuple[str, str, YamlPath, Question]]:
    """Every question of the bank with its file, its path and where it is in the file."""
    for ref, unit in sorted(bank.units.items()):
        for i, outcome in enumerate(unit.outcomes):
            for j, criterion in enumerate(outcome.criteria):
                for k, question in enumerate(criterion.questions):
                    yield (
                        unit_file(bank, ref),
                        f"unit {ref} criterion {criterion.id} question {question.id}",
                        ("outcomes", i, "criteria", j, "questions", k),
                        question,
                    )


def revoked_law_in_bank(bank: Bank, root: Path) -> list[Problem]:
    """The revoked-law warnings of the bank read from `root`, with their lines, and any
    problem in the list it is checked against."""
    path = revoked_list(root)
    instruments, problems = read_revoked(path, _label(path, root))
    return problems + locate_in_files(check_revoked(bank, instruments), root)


def _label(path: Path, root: Path) -> str:
    """The list's name as problems give it: beside the bank's files when it is the bank's own."""
    base = (root if root.is_dir() else root.parent).parent
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)
