"""Problems in bank files, where they are, and the refusal to run on a bank that has them.

A problem names its file, the line, the unit/outcome/criterion path and what is wrong:
`question_banks/units/J-506-2132.yaml:40: unit J/506/2132: duplicate criterion 1.2`. The
checks that find problems say where in the file's YAML tree they are (`at`: keys and list
positions); `locate` turns that into a line by composing the file again, which only files
with problems pay for. A warning is something an author should fix that leaves the bank usable
(a revoked law named as current): `tutor bank check --strict` fails on warnings too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import yaml

from tutor.banks.model import Bank
from tutor.errors import BankError

# libyaml's parser where present: the same safe subset of YAML, ten times faster.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# What to do about a problem, when the problem itself does not say.
FIX_OR_CHECK = "fix the file or run tutor bank check"
# What to do about a specification part that lost content: `tutor import` writes it afresh
# (so a problem with this remedy never stops a re-import).
REIMPORT = "restore the file or re-run tutor import"

YamlPath = tuple[str | int, ...]

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong in a bank file: `file:line: path: message`.

    `at` is where in the file's YAML tree (keys and list positions) the problem is, until
    `locate` has turned it into `line`; `words`, if given, are the words the problem is about
    inside the text at `at`, so that the line is theirs rather than the line the text starts
    on. `remedy` says what to do when the fix is not simply to correct the file.
    """

    file: str
    path: str
    message: str
    severity: str = ERROR
    line: int | None = None
    remedy: str = field(default="", compare=False)
    at: YamlPath = field(default=(), compare=False, repr=False)
    words: str = field(default="", compare=False, repr=False)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        message = f"warning: {self.message}" if self.severity == WARNING else self.message
        text = f"{where}: {self.path}: {message}" if self.path else f"{where}: {message}"
        return f"{text} — {self.remedy}" if self.remedy else text

    @property
    def refusal(self) -> str:
        """The line a command shows when it will not run on the bank: the problem and the way
        out."""
        return str(self) if self.remedy else f"{self} — {FIX_OR_CHECK}"

    @property
    def sort_key(self) -> tuple[str, int, str, str]:
        """File, then line: the order a reader goes through a file."""
        return (self.file, self.line or 0, self.path, self.message)


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that make a bank unusable (every one except warnings)."""
    return [p for p in problems if p.severity == ERROR]


def warnings(problems: Iterable[Problem]) -> list[Problem]:
    """The problems an author should fix that leave the bank usable."""
    return [p for p in problems if p.severity == WARNING]


class BrokenBank(BankError):
    """A bank with errors in its files: no command runs on it until they are fixed.

    The message is one line per problem, each naming the file and line and the way out.
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(sorted(problems, key=lambda p: p.sort_key))
        super().__init__("\n".join(p.refusal for p in self.problems))


def sound_bank(bank: Bank, problems: Iterable[Problem]) -> Bank:
    """`bank`, if its files have no errors; otherwise BrokenBank listing every one."""
    if found := errors(problems):
        raise BrokenBank(found)
    return bank


def locate(problems: Sequence[Problem], text: str | None) -> list[Problem]:
    """The problems with `line` filled in from `at`, by composing the YAML `text` (the
    file they were found in)."""
    pending = [p for p in problems if p.line is None and p.at]
    if not pending or text is None:
        return list(problems)
    try:
        root = yaml.compose(text, Loader=YAML_LOADER)
    except yaml.YAMLError:
        return list(problems)
    return [
        replace(p, line=_line_at(root, p.at, p.words, text)) if p.line is None and p.at else p
        for p in problems
    ]


def _line_at(root: yaml.Node | None, at: YamlPath, words: str, text: str) -> int | None:
    """The 1-based line of the node `at` leads to, or of the deepest node on the way that
    exists (a missing key is reported on its mapping); where `words` are given and found in
    that node's text, the line they start on."""
    node, line = _node_at(root, at)
    if words and isinstance(node, yaml.ScalarNode):
        start = _find_words(text, node.start_mark.index, node.end_mark.index, words)
        if start is not None:
            return text.count("\n", 0, start) + 1
    return line


def _find_words(text: str, start: int, end: int, words: str) -> int | None:
    """Where `words` begin in `text[start:end]` (the source of one scalar), matched without
    regard to case and to where the file breaks and indents the lines between them."""
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words.split()), re.IGNORECASE)
    found = pattern.search(text, start, end)
    return found.start() if found else None


def _node_at(node: yaml.Node | None, at: YamlPath) -> tuple[yaml.Node | None, int | None]:
    """The node `at` leads to, or the deepest node on the way that exists (None if the way
    stops short), and the 1-based line to report it on."""
    if node is None:
        return None, None
    line = node.start_mark.line + 1
    for step in at:
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            found = next(((k, v) for k, v in node.value if k.value == step), None)
            if found is None:
                return None, line
            key, node = found
            # The key's line: a block value (a list, a mapping) starts on the lines after it.
            line = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if not 0 <= step < len(node.value):
                return None, line
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            return None, line
    return node, line


def yaml_error(exc: yaml.YAMLError, text: str) -> tuple[int | None, str]:
    """The line a YAML error is on and what to do about it, as a person would point to it.

    libyaml reports where its parser gave up, often lines past the mistake; the pure-Python
    parser, run again on the failing text only, stops closer to it. A quote or bracket left
    open is reported where it opens, not where the text finally stopped making sense.
    """
    try:
        yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as precise:
        exc = precise
    mark = getattr(exc, "problem_mark", None)
    opened = getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or "not valid YAML"
    context = getattr(exc, "context", None) or ""
    if opened is not None and context.startswith(
        ("while scanning a quoted", "while parsing a flow")
    ):
        what = context.removeprefix("while scanning ").removeprefix("while parsing ")
        noticed = f" (noticed on line {mark.line + 1})" if mark and mark.line != opened.line else ""
        return opened.line + 1, (
            f"{problem} in {what} opened on this line{noticed}; check its quotes and brackets"
        )
    if mark is None:
        return None, f"{problem}; check the indentation and quotes"
    if (quoted := _runaway_quote(text, mark.index)) is not None:
        return quoted.line + 1, (
            f"the quote opened on this line is closed only on line {mark.line + 1}; close it "
            "on this line"
        )
    return mark.line + 1, f"{problem}; check the indentation and quotes"


def _runaway_quote(text: str, index: int) -> yaml.Mark | None:
    """Where a quoted text starts that runs over several lines right up to the unexpected
    token at `index`: an opening quote with no closing one on its line, closed by a quote
    further on."""
    previous = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= index:
                break
            previous = token
    except yaml.YAMLError:
        return None
    if (
        isinstance(previous, yaml.ScalarToken)
        and previous.style in ("'", '"')
        and previous.end_mark.line > previous.start_mark.line
    ):
        return previous.start_mark
    return None
