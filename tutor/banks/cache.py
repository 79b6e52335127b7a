"""A copy of a loaded bank as plain JSON, reused while no bank file (and no loader code) changed.

Reading and checking every YAML file of the shipped banks takes about half a second; the
app starts on the cached copy in a few tens of milliseconds. The copy lives in the user's
cache directory (`tutor.settings.cache_dir`), one file per bank folder, named by a key over
each bank file's path, size and modification time and the source of the bank package, so
editing a bank file or upgrading the tutor reads the files afresh.

The copy is data, never code: JSON of strings, numbers, booleans and lists, read back into
the bank's dataclasses field by field with every type checked, behind a header giving its
format, version, key and the sha256 of its content. Anything else found under its name — a
damaged, truncated, hand-edited or planted file — is ignored and the bank is read from its
files: they are always the truth. A copy that cannot be written (a full disk, no permission)
leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tutor.banks.files import default_banks_dir, load_bank
from tutor.banks.model import (
    EXPECTED,
    Bank,
    Criterion,
    Outcome,
    OutcomeKind,
    Qualification,
    Question,
    Response,
    ResponseKind,
    Rubric,
    RubricPoint,
    Unit,
    UnitGroup,
)
from tutor.banks.problems import Problem, sound_bank

FORMAT = "tutor bank cache"
VERSION = 4  # 2: the errata's qualification notes; 3: marked responses; 4: assessment_only


def cache_key(root: Path) -> str:
    """A digest of the bank files' names, sizes and times, and of the bank package's source."""
    digest = hashlib.sha256(f"{FORMAT} {VERSION}\n".encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.read_bytes())
    digest.update(str(root.resolve()).encode())
    paths = [root] if root.is_file() else sorted(root.rglob("*.yaml"))
    for path in paths:
        stat = path.stat()
        digest.update(
            f"{path.relative_to(root.parent)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode()
        )
    return digest.hexdigest()[:32]


def cache_file(root: Path, cache_dir: Path, key: str | None = None) -> Path:
    """Where the copy of the bank at `root` is kept: one file per bank folder."""
    folder = hashlib.sha256(str(Path(root).resolve()).encode()).hexdigest()[:12]
    return Path(cache_dir) / f"bank-{folder}-{key or cache_key(Path(root))}.json"


def read_cached(root: Path, cache_dir: Path) -> tuple[Bank, list[Problem]] | None:
    """The cached copy of the bank at `root`, if the files are unchanged since it was made
    and the copy is intact; None otherwise."""
    try:
        key = cache_key(Path(root))
        raw = cache_file(root, cache_dir, key).read_bytes()
    except OSError:
        return None
    header_line, _, body = raw.partition(b"\n")
    try:
        header = json.loads(header_line)
        if header != _header(key, body):
            return None
        with _collector_paused():
            return _decode(json.loads(body.decode("utf-8")))
    except (ValueError, TypeError, RecursionError):  # not a copy this tutor wrote: ignore it
        return None


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Reading the copy builds some hundred thousand objects, none of them garbage, and the
    collector would walk them again and again as they pile up."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_bank_cached(
    root: Path | None = None, cache_dir: Path | None = None
) -> tuple[Bank, list[Problem]]:
    """`load_bank(root)`, from `cache_dir` when the files are unchanged since last time."""
    root = Path(root) if root is not None else default_banks_dir()
    if cache_dir is None or not root.exists():
        return load_bank(root)
    found = read_cached(root, cache_dir)
    if found is not None:
        return found
    bank, problems = load_bank(root)
    with contextlib.suppress(OSError):  # no cache this time; the bank was read from its files
        body = json.dumps(_encode(bank, problems), ensure_ascii=False).encode("utf-8")
        key = cache_key(root)
        header = json.dumps(_header(key, body)).encode("utf-8")
        _write(cache_file(root, cache_dir, key), header + b"\n" + body)
    return bank, problems


def open_bank(root: Path | None = None, cache_dir: Path | None = None) -> Bank:
    """The bank to question and score from (through the cache), or `BrokenBank` naming every
    problem in its files: no command runs on a damaged bank."""
    return sound_bank(*load_bank_cached(root, cache_dir))


def _header(key: str, body: bytes) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "key": key,
        "sha256": hashlib.sha256(body).hexdigest(),
    }


def write_atomically(path: Path, data: bytes, prefix: str) -> None:
    """Write a cache file atomically: a reader never sees half a file, and a failed write
    leaves no partial file (named `.{prefix}-….partial` while it is written)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{prefix}-", suffix=".partial")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _write(path: Path, data: bytes) -> None:
    """Write atomically, then remove this bank folder's older copies."""
    write_atomically(path, data, "bank")
    folder = path.name.rsplit("-", 1)[0]
    for old in path.parent.glob(f"{folder}-*.json"):
        if old != path:
            old.unlink(missing_ok=True)


# --- the JSON form: each dataclass as a list of its fields, in order ---------------------


def _encode(bank: Bank, problems: list[Problem]) -> dict[str, Any]:
    return {
        "units": [_unit(u) for u in bank.units.values()],
        "qualifications": [_qualification(q) for q in bank.qualifications],
        "files": bank.files,
        "problems": [[p.file, p.path, p.message, p.severity, p.line, p.remedy] for p in problems],
    }


def _unit(u: Unit) -> list[Any]:
    outcomes = [
        [o.id, o.text, o.kind.value, [_criterion(c) for c in o.criteria]] for o in u.outcomes
    ]
    return [u.ref, u.title, u.level, u.credit, u.glh, u.aliases, u.sources, outcomes]


def _criterion(c: Criterion) -> list[Any]:
    questions = [
        [
            q.id,
            q.text,
            [
                [[p.text, p.alternatives, p.weight, p.required] for p in q.rubric.points],
                q.rubric.needed,
                q.rubric.open_list,
            ],
            q.model_answer,
            q.hint,
            q.follow_ups,
            q.overlaps,
            [[r.expect, r.kind.value, r.text, r.voice] for r in q.responses],
            q.assessment_only,
        ]
        for q in c.questions
    ]
    return [c.id, c.text, c.verb, c.emphasised, c.guidance, c.target, questions]


def _qualification(q: Qualification) -> list[Any]:
    groups = [[g.name, g.mandatory, g.min_credits, g.units, g.max_credits] for g in q.groups]
    return [q.number, q.title, q.awarding_body, q.level, q.min_credits, groups, q.note]


class _Invalid(ValueError):
    """The cache holds something this tutor never writes."""


# Each record's field types, in order, as written; checked in one step per record, which
# keeps reading the copy several times faster than checking field by field. Optional
# numbers (level, credit, needed …) are checked one by one.
_UNIT = (str, str, list, list, list)  # ref, title, aliases, sources, outcomes
_OUTCOME = (str, str, str, list)
_CRITERION = (str, str, str, list, list, bool, list)
_QUESTION = (str, str, list, str, str, list, list, list, bool)
_RESPONSE = (str, str, str, str)  # expect, kind, text, voice
_EXPECTED = frozenset(EXPECTED.values())
_RUBRIC = (list, bool)  # points, open_list
_POINT = (str, list, float, bool)
_QUALIFICATION = (str, str, str, list, str)  # number, title, awarding_body, groups, note
_GROUP = (str, bool, list)  # name, mandatory, units
_PROBLEM = (str, str, str, str, str)  # file, path, message, severity, remedy
_TEXT = frozenset({str})
_NUMBER = frozenset({int, type(None)})


def _typed(value: Any, types: tuple[type, ...]) -> list[Any]:
    if type(value) is not list or tuple(map(type, value)) != types:
        raise _Invalid
    return value


def _texts(value: list[Any]) -> tuple[str, ...]:
    if not _TEXT.issuperset(map(type, value)):
        raise _Invalid
    return tuple(value)


def _numbers(*values: Any) -> None:
    if not _NUMBER.issuperset(map(type, values)):
        raise _Invalid


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise _Invalid
    return value


def _decode(data: Any) -> tuple[Bank, list[Problem]]:
    if type(data) is not dict or set(data) != {"units", "qualifications", "files", "problems"}:
        raise _Invalid
    units = [_decode_unit(u) for u in _list(data["units"])]
    files = data["files"]
    if type(files) is not dict or not _TEXT.issuperset(map(type, files.values())):
        raise _Invalid
    bank = Bank(
        units={u.ref: u for u in units},
        qualifications=tuple(_decode_qualification(q) for q in _list(data["qualifications"])),
        files=files,
    )
    problems = []
    for p in _list(data["problems"]):
        line = p.pop(4) if type(p) is list and len(p) == 6 else None
        file, path, message, severity, remedy = _typed(p, _PROBLEM)
        _numbers(line)
        problems.append(Problem(file, path, message, severity, line, remedy))
    return bank, problems


def _decode_unit(value: Any) -> Unit:
    if type(value) is not list or len(value) != 8:
        raise _Invalid
    ref, title, level, credit, glh, aliases, sources, outcomes = value
    _typed([ref, title, aliases, sources, outcomes], _UNIT)
    _numbers(level, credit, glh)
    return Unit(
        ref,
        title,
        level,
        credit,
        glh,
        _texts(aliases),
        _texts(sources),
        tuple(_decode_outcome(o) for o in outcomes),
    )


def _decode_outcome(value: Any) -> Outcome:
    oid, text, kind, criteria = _typed(value, _OUTCOME)
    return Outcome(oid, text, OutcomeKind(kind), tuple(_decode_criterion(c) for c in criteria))


def _decode_criterion(value: Any) -> Criterion:
    cid, text, verb, emphasised, guidance, target, questions = _typed(value, _CRITERION)
    return Criterion(
        cid,
        text,
        verb,
        _texts(emphasised),
        _texts(guidance),
        target,
        tuple(_decode_question(q) for q in questions),
    )


def _decode_question(value: Any) -> Question:
    qid, text, rubric, model_answer, hint, follow_ups, overlaps, responses, only = _typed(
        value, _QUESTION
    )
    if len(rubric) != 3:
        raise _Invalid
    points, needed, open_list = rubric
    _typed([points, open_list], _RUBRIC)
    _numbers(needed)
    return Question(
        qid,
        text,
        Rubric(tuple(_decode_point(p) for p in points), needed, open_list),
        model_answer,
        hint,
        _texts(follow_ups),
        _texts(overlaps),
        tuple(_decode_response(r) for r in responses),
        only,
    )


def _decode_response(value: Any) -> Response:
    expect, kind, text, voice = _typed(value, _RESPONSE)
    if expect not in _EXPECTED:
        raise _Invalid
    return Response(expect, ResponseKind(kind), text, voice)


def _decode_point(value: Any) -> RubricPoint:
    text, alternatives, weight, required = _typed(value, _POINT)
    return RubricPoint(text, _texts(alternatives), weight, required)


def _decode_qualification(value: Any) -> Qualification:
    if type(value) is not list or len(value) != 7:
        raise _Invalid
    number, title, awarding_body, level, min_credits, groups, note = value
    _typed([number, title, awarding_body, groups, note], _QUALIFICATION)
    _numbers(level, min_credits)
    return Qualification(
        number,
        title,
        awarding_body,
        level,
        min_credits,
        tuple(_decode_group(g) for g in groups),
        note,
    )


def _decode_group(value: Any) -> UnitGroup:
    if type(value) is not list or len(value) != 5:
        raise _Invalid
    name, mandatory, min_credits, units, max_credits = value
    _typed([name, mandatory, units], _GROUP)
    _numbers(min_credits, max_credits)
    return UnitGroup(name, mandatory, min_credits, _texts(units), max_credits)
