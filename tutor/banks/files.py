"""Bank files: one YAML file per unit (`units/`) and per qualification (`qualifications/`).

Reading never stops at the first problem: every problem found — invalid YAML, a misspelt key,
a repeated id, a specification part that no longer matches its digest — is returned as a
`Problem` naming the file, the line and the unit/outcome/criterion path, and what is readable
is still loaded. A bank with problems is for `tutor bank check` to report; `sound_bank` is
what every other command runs it through.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml

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
from tutor.banks.problems import REIMPORT, YAML_LOADER, Problem, YamlPath, locate, yaml_error
from tutor.banks.refs import unit_file_name, unit_ref_of_file
from tutor.banks.validate import check_qualification, check_unit
from tutor.errors import BankError

UNITS_DIR = "units"
QUALIFICATIONS_DIR = "qualifications"

# The key under which a unit file carries the digest of its specification part.
SPECIFICATION_KEY = "specification"

T = TypeVar("T")


def default_banks_dir() -> Path:
    """TUTOR_BANKS, else the banks packaged in the wheel, else the checkout's question_banks."""
    if env := os.environ.get("TUTOR_BANKS"):
        return Path(env)
    packaged = Path(__file__).resolve().parent.parent / "_banks"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "question_banks"


def qualification_file_name(q: Qualification) -> str:
    """'ncfe-601-3973-0.yaml'; by its title where the source prints no number."""
    if q.number:
        return f"{q.awarding_body.lower()}-{q.number.replace('/', '-')}.yaml"
    words = re.findall(r"[a-z0-9]+", q.title.lower())
    if words[:1] == [q.awarding_body.lower()]:
        words = words[1:]
    return "-".join([q.awarding_body.lower(), *words]) + ".yaml"


# --- reading ---------------------------------------------------------------------------


class _Reader:
    """Turns parsed YAML into model objects, recording every problem it meets and where in
    the YAML tree (`at`) it met it."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str, at: YamlPath = ()) -> None:
        self.problems.append(Problem(self.file, path, message, at=at))

    def text(
        self, data: dict[str, Any], key: str, path: str, at: YamlPath, required: bool = True
    ) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(path, f"'{key}' is missing", at)
            return ""
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            self.problem(path, f"'{key}' should be text, not {type(value).__name__}", (*at, key))
            return ""
        if required and not value.strip():
            self.problem(path, f"'{key}' is empty", (*at, key))
        return value.strip()

    def integer(self, data: dict[str, Any], key: str, path: str, at: YamlPath) -> int | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(path, f"'{key}' should be a whole number, not {value!r}", (*at, key))
            return None
        return value

    def texts(self, data: dict[str, Any], key: str, path: str, at: YamlPath) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem(path, f"'{key}' should be a list", (*at, key))
            return ()
        out: list[str] = []
        for i, item in enumerate(value):
            if isinstance(item, int | float) and not isinstance(item, bool):
                item = str(item)
            if not isinstance(item, str) or not item.strip():
                self.problem(path, f"'{key}' item {i + 1} is empty or not text", (*at, key, i))
                continue
            out.append(item.strip())
        return tuple(out)

    def mappings(
        self, data: dict[str, Any], key: str, path: str, at: YamlPath
    ) -> list[tuple[YamlPath, dict[str, Any]]]:
        """The mappings listed under `key`, each with where it is."""
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(path, f"'{key}' should be a list", (*at, key))
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                out.append(((*at, key, i), item))
            else:
                self.problem(path, f"'{key}' item {i + 1} should be a mapping", (*at, key, i))
        return out

    def unknown_keys(
        self, data: dict[str, Any], allowed: Iterable[str], path: str, at: YamlPath
    ) -> None:
        for key in data:
            if key not in allowed:
                self.problem(path, f"unknown key '{key}' (a typo?)", (*at, key))

    def rubric(self, data: Any, path: str, at: YamlPath) -> Rubric:
        if data is None:
            return Rubric()
        if not isinstance(data, dict):
            self.problem(path, "'rubric' should be a mapping with 'points'", at)
            return Rubric()
        self.unknown_keys(data, ("points", "needed", "open_list"), path, at)
        points = []
        for i, (point_at, p) in enumerate(self.mappings(data, "points", path, at), 1):
            ppath = f"{path} point {i}"
            self.unknown_keys(p, ("text", "alternatives", "weight", "required"), ppath, point_at)
            weight = p.get("weight", 1.0)
            if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
                self.problem(
                    ppath,
                    f"'weight' should be a positive number, not {weight!r}",
                    (*point_at, "weight"),
                )
                weight = 1.0
            required = self.flag(p, "required", ppath, point_at)
            points.append(
                RubricPoint(
                    text=self.text(p, "text", ppath, point_at),
                    alternatives=self.texts(p, "alternatives", ppath, point_at),
                    weight=float(weight),
                    required=required,
                )
            )
        open_list = self.flag(data, "open_list", path, at)
        return Rubric(
            points=tuple(points),
            needed=self.integer(data, "needed", path, at),
            open_list=open_list,
        )

    def flag(self, data: dict[str, Any], key: str, path: str, at: YamlPath) -> bool:
        """A true/false key, false when absent; anything else is a problem (and false)."""
        value = data.get(key, False)
        if isinstance(value, bool):
            return value
        self.problem(path, f"'{key}' should be true or false, not {value!r}", (*at, key))
        return False

    def responses(self, data: dict[str, Any], path: str, at: YamlPath) -> tuple[Response, ...]:
        """The question's marked test responses; one that cannot be marked is a problem."""
        out = []
        for i, (response_at, r) in enumerate(self.mappings(data, "responses", path, at), 1):
            rpath = f"{path} response {i}"
            self.unknown_keys(r, ("expect", "kind", "voice", "text"), rpath, response_at)
            expect = self.choice(r, "expect", EXPECTED, rpath, response_at)
            kind = self.choice(r, "kind", {k.value: k for k in ResponseKind}, rpath, response_at)
            text = self.text(r, "text", rpath, response_at)
            voice = self.text(r, "voice", rpath, response_at, required=False)
            if expect is not None and kind is not None and text:
                out.append(Response(expect=expect, kind=kind, text=text, voice=voice))
        return tuple(out)

    def choice(
        self, data: dict[str, Any], key: str, words: Mapping[str, T], path: str, at: YamlPath
    ) -> T | None:
        """The value of one of `words`, given as its word; None (and a problem) otherwise."""
        value = data.get(key)
        if isinstance(value, str) and value.strip() in words:
            return words[value.strip()]
        *first, last = words
        allowed = f"{', '.join(first)} or {last}"
        if value is None:
            self.problem(path, f"'{key}' is missing: give {allowed}", at)
        else:
            self.problem(path, f"'{key}' should be {allowed}, not {value!r}", (*at, key))
        return None

    def question(self, data: dict[str, Any], path: str, at: YamlPath) -> Question:
        self.unknown_keys(
            data,
            (
                "id",
                "text",
                "assessment_only",
                "rubric",
                "model_answer",
                "hint",
                "follow_ups",
                "overlaps",
                "responses",
            ),
            path,
            at,
        )
        assessment_only = self.flag(data, "assessment_only", path, at)
        return Question(
            id=self.text(data, "id", path, at),
            text=self.text(data, "text", path, at),
            rubric=self.rubric(data.get("rubric"), f"{path} rubric", (*at, "rubric")),
            model_answer=self.text(data, "model_answer", path, at, required=False),
            hint=self.text(data, "hint", path, at, required=False),
            follow_ups=self.texts(data, "follow_ups", path, at),
            overlaps=self.texts(data, "overlaps", path, at),
            responses=self.responses(data, path, at),
            assessment_only=assessment_only,
        )

    def criterion(self, c: dict[str, Any], opath: str, upath: str, at: YamlPath) -> Criterion:
        cid = self.text(c, "id", f"{opath} criterion ?", at)
        cpath = f"{upath} criterion {cid or '?'}"
        self.unknown_keys(
            c,
            ("id", "text", "verb", "emphasised", "guidance", "target", "questions"),
            cpath,
            at,
        )
        target = c.get("target", False)
        if not isinstance(target, bool):
            message = f"'target' should be true or false, not {target!r}"
            self.problem(cpath, message, (*at, "target"))
            target = False
        questions = tuple(
            self.question(q, f"{cpath} question {q.get('id', i)}", question_at)
            for i, (question_at, q) in enumerate(self.mappings(c, "questions", cpath, at), 1)
        )
        return Criterion(
            id=cid,
            text=self.text(c, "text", cpath, at),
            verb=self.text(c, "verb", cpath, at, required=False),
            emphasised=self.texts(c, "emphasised", cpath, at),
            guidance=self.texts(c, "guidance", cpath, at),
            target=target,
            questions=questions,
        )

    def outcome(self, o: dict[str, Any], upath: str, at: YamlPath) -> Outcome:
        oid = self.text(o, "id", f"{upath} outcome ?", at)
        opath = f"{upath} outcome {oid or '?'}"
        self.unknown_keys(o, ("id", "text", "kind", "criteria"), opath, at)
        kind_text = o.get("kind", OutcomeKind.COMPETENCE.value)
        try:
            kind = OutcomeKind(kind_text)
        except ValueError:
            self.problem(
                opath,
                f"'kind' should be knowledge or competence, not {kind_text!r}",
                (*at, "kind"),
            )
            kind = OutcomeKind.COMPETENCE
        criteria = tuple(
            self.criterion(c, opath, upath, criterion_at)
            for criterion_at, c in self.mappings(o, "criteria", opath, at)
        )
        return Outcome(id=oid, text=self.text(o, "text", opath, at), kind=kind, criteria=criteria)

    def unit(self, data: Any) -> Unit | None:
        if not isinstance(data, dict):
            self.problem("", "a unit file should be a mapping with 'ref', 'title', 'outcomes'")
            return None
        ref = self.text(data, "ref", "unit", ())
        upath = f"unit {ref or '?'}"
        self.unknown_keys(
            data,
            (
                "ref",
                "title",
                "level",
                "credit",
                "glh",
                "aliases",
                "sources",
                SPECIFICATION_KEY,
                "outcomes",
            ),
            upath,
            (),
        )
        unit = Unit(
            ref=ref.upper(),
            title=self.text(data, "title", upath, ()),
            level=self.integer(data, "level", upath, ()),
            credit=self.integer(data, "credit", upath, ()),
            glh=self.integer(data, "glh", upath, ()),
            aliases=tuple(a.upper() for a in self.texts(data, "aliases", upath, ())),
            sources=self.texts(data, "sources", upath, ()),
            outcomes=tuple(
                self.outcome(o, upath, outcome_at)
                for outcome_at, o in self.mappings(data, "outcomes", upath, ())
            ),
        )
        self.specification(data.get(SPECIFICATION_KEY), unit, upath)
        return unit

    def specification(self, seal: Any, unit: Unit, upath: str) -> None:
        """Compare the digest `tutor import` wrote with the specification part as read now.
        A unit written by hand has none, and nothing to compare."""
        if seal is None:
            return
        at: YamlPath = (SPECIFICATION_KEY,)
        expected = seal.get("criteria") if isinstance(seal, dict) else None
        digest = seal.get("sha256") if isinstance(seal, dict) else None
        if isinstance(expected, bool) or not isinstance(expected, int) or not isinstance(
            digest, str
        ):
            self.problem(
                upath,
                f"'{SPECIFICATION_KEY}' should hold 'criteria' (a number) and 'sha256', as "
                "tutor import writes them",
                at,
            )
            return
        self.unknown_keys(seal, ("criteria", "sha256"), upath, at)
        if digest == unit.specification_digest:
            return
        found = len(unit.criteria())
        detail = (
            f"{expected} criteria expected, {found} found"
            if found != expected
            else "the ids or wording of its outcomes, criteria or guidance changed"
        )
        self.problems.append(
            Problem(
                self.file,
                upath,
                f"the specification part does not match its digest ({detail})",
                remedy=REIMPORT,
                at=at,
            )
        )

    def qualification(self, data: Any) -> Qualification | None:
        if not isinstance(data, dict):
            self.problem("", "a qualification file should be a mapping with 'number', 'groups'")
            return None
        note = self.text(data, "note", "qualification", (), required=False)
        # A qualification whose specification prints no number says so in its note.
        number = self.text(data, "number", "qualification", (), required=not note)
        qpath = f"qualification {number or data.get('title') or '?'}"
        self.unknown_keys(
            data,
            ("number", "title", "awarding_body", "level", "min_credits", "note", "groups"),
            qpath,
            (),
        )
        groups = []
        for group_at, g in self.mappings(data, "groups", qpath, ()):
            name = self.text(g, "name", f"{qpath} group ?", group_at)
            gpath = f"{qpath} group {name or '?'}"
            self.unknown_keys(
                g, ("name", "mandatory", "min_credits", "max_credits", "units"), gpath, group_at
            )
            groups.append(
                UnitGroup(
                    name=name,
                    mandatory=bool(g.get("mandatory", False)),
                    min_credits=self.integer(g, "min_credits", gpath, group_at),
                    units=tuple(u.upper() for u in self.texts(g, "units", gpath, group_at)),
                    max_credits=self.integer(g, "max_credits", gpath, group_at),
                )
            )
        return Qualification(
            number=number,
            title=self.text(data, "title", qpath, ()),
            awarding_body=self.text(data, "awarding_body", qpath, ()),
            level=self.integer(data, "level", qpath, ()),
            min_credits=self.integer(data, "min_credits", qpath, ()),
            groups=tuple(groups),
            note=note,
        )


def _read_yaml(path: Path, reader: _Reader) -> tuple[str | None, Any]:
    """The file's text and its parsed YAML (None, None when it cannot be read)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reader.problem("", f"cannot be read ({exc.strerror}); check the file's permissions")
        return None, None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        reader.problem("", "is not UTF-8 text; save it as UTF-8")
        return None, None
    try:
        return text, yaml.load(text, Loader=YAML_LOADER)
    except yaml.YAMLError as exc:
        line, reason = yaml_error(exc, text)
        message = f"invalid YAML: {reason}"
        reader.problems.append(Problem(reader.file, "", message, line=line))
        return text, None


def _read_unit(path: Path, label: str) -> tuple[Unit | None, list[Problem], str | None]:
    reader = _Reader(label)
    text, data = _read_yaml(path, reader)
    if reader.problems:
        return None, reader.problems, text
    unit = reader.unit(data)
    problems = reader.problems
    if unit is not None:
        problems += check_unit(unit, label)
    return unit, problems, text


def _read_qualification(
    path: Path, label: str
) -> tuple[Qualification | None, list[Problem], str | None]:
    reader = _Reader(label)
    text, data = _read_yaml(path, reader)
    if reader.problems:
        return None, reader.problems, text
    return reader.qualification(data), reader.problems, text


def read_qualification_file(
    path: Path, label: str | None = None
) -> tuple[Qualification | None, list[Problem]]:
    """One qualification file, and every problem in it, each with its line."""
    qualification, problems, text = _read_qualification(path, label or str(path))
    return qualification, locate(problems, text)


def load_bank(root: Path | None = None) -> tuple[Bank, list[Problem]]:
    """Every unit and qualification under `root`, and every problem met reading them.

    `root` may be a banks directory (with units/ and qualifications/) or a single file. A
    unit file with errors is still loaded where it can be read, for `tutor bank check` and
    `tutor bank stats` to describe; `sound_bank` refuses a bank with errors.
    """
    root = Path(root) if root is not None else default_banks_dir()
    if not root.exists():
        raise BankError(f"{root}: no such question bank; pass a folder holding units/")
    problems: list[Problem] = []
    units: dict[str, Unit] = {}
    qualifications: list[Qualification] = []
    files: dict[str, str] = {}
    unreadable: set[str] = set()  # units whose file could not be read at all
    unit_files, qualification_files = _bank_files(root)
    if not unit_files and not qualification_files:
        raise BankError(f"{root}: no bank files (*.yaml under units/ or qualifications/)")
    for path in unit_files:
        label = _label(path, root)
        unit, found, text = _read_unit(path, label)
        twice = unit is not None and unit.ref in units
        if unit is not None and twice:
            found.append(
                Problem(
                    label,
                    f"unit {unit.ref}",
                    f"unit defined in two files (also in {files[unit.ref]})",
                    at=("ref",),
                )
            )
        problems += locate(found, text)
        if unit is None:
            if ref := unit_ref_of_file(path.name):
                unreadable.add(ref)
        elif not twice:
            units[unit.ref] = unit
            files[unit.ref] = label
    held = Bank(units=units)
    for path in qualification_files:
        label = _label(path, root)
        qualification, found, text = _read_qualification(path, label)
        if qualification is not None:
            found += check_qualification(qualification, held, label, frozenset(unreadable))
            qualifications.append(qualification)
            files[qualification.key] = label
        problems += locate(found, text)
    return Bank(units=units, qualifications=tuple(qualifications), files=files), problems


def locate_in_files(problems: Iterable[Problem], root: Path) -> list[Problem]:
    """Problems found after loading (the strict checks) with their lines, from the files
    under `root` they name."""
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.file, []).append(problem)
    located: list[Problem] = []
    for file, found in by_file.items():
        located += locate(found, bank_file_text(root, file))
    return located


def bank_file_text(root: Path, file: str) -> str | None:
    """The text of the file a problem names (relative to the folder holding the bank at
    `root`); None when it cannot be read."""
    base = (root if root.is_dir() else root.parent).parent
    try:
        return (base / file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _bank_files(root: Path) -> tuple[list[Path], list[Path]]:
    if root.is_file():
        is_qual = root.parent.name == QUALIFICATIONS_DIR
        return ([], [root]) if is_qual else ([root], [])
    units = sorted((root / UNITS_DIR).glob("*.yaml")) if (root / UNITS_DIR).is_dir() else []
    quals = (
        sorted((root / QUALIFICATIONS_DIR).glob("*.yaml"))
        if (root / QUALIFICATIONS_DIR).is_dir()
        else []
    )
    if not units and not quals and root.name == UNITS_DIR:
        units = sorted(root.glob("*.yaml"))
    return units, quals


def _label(path: Path, root: Path) -> str:
    base = root if root.is_dir() else root.parent
    try:
        return str(path.relative_to(base.parent))
    except ValueError:
        return str(path)


# --- writing ---------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Block style; multi-line text as literal blocks so model answers stay readable."""


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


def rubric_data(rubric: Rubric) -> dict[str, Any]:
    """A rubric as the bank file writes it under a question's `rubric:` key."""
    data: dict[str, Any] = {}
    if rubric.needed is not None:
        data["needed"] = rubric.needed
    if rubric.open_list:
        data["open_list"] = True
    points = []
    for p in rubric.points:
        point: dict[str, Any] = {"text": p.text}
        if p.alternatives:
            point["alternatives"] = list(p.alternatives)
        if p.weight != 1.0:
            point["weight"] = int(p.weight) if p.weight.is_integer() else p.weight
        if p.required:
            point["required"] = True
        points.append(point)
    data["points"] = points
    return data


def question_data(q: Question) -> dict[str, Any]:
    data: dict[str, Any] = {"id": q.id, "text": q.text}
    if q.assessment_only:
        data["assessment_only"] = True
    if q.model_answer:
        data["model_answer"] = q.model_answer
    if q.hint:
        data["hint"] = q.hint
    if q.follow_ups:
        data["follow_ups"] = list(q.follow_ups)
    if q.rubric.points or q.rubric.needed is not None:
        data["rubric"] = rubric_data(q.rubric)
    if q.overlaps:
        data["overlaps"] = list(q.overlaps)
    if q.responses:
        data["responses"] = [response_data(r) for r in q.responses]
    return data


def response_data(response: Response) -> dict[str, Any]:
    """A marked response as the bank file writes it under a question's `responses:` key."""
    spelt = {value: word for word, value in EXPECTED.items()}
    data = {"expect": spelt[response.expect], "kind": response.kind.value}
    if response.voice:
        data["voice"] = response.voice
    data["text"] = response.text
    return data


def unit_data(unit: Unit) -> dict[str, Any]:
    data: dict[str, Any] = {"ref": unit.ref, "title": unit.title}
    for key in ("level", "credit", "glh"):
        if getattr(unit, key) is not None:
            data[key] = getattr(unit, key)
    if unit.aliases:
        data["aliases"] = list(unit.aliases)
    if unit.sources:
        data["sources"] = list(unit.sources)
    data[SPECIFICATION_KEY] = {
        "criteria": len(unit.criteria()),
        "sha256": unit.specification_digest,
    }
    outcomes = []
    for o in unit.outcomes:
        criteria = []
        for c in o.criteria:
            cd: dict[str, Any] = {"id": c.id, "text": c.text}
            if c.verb:
                cd["verb"] = c.verb
            cd["target"] = c.target
            if c.emphasised:
                cd["emphasised"] = list(c.emphasised)
            if c.guidance:
                cd["guidance"] = list(c.guidance)
            if c.questions:
                cd["questions"] = [question_data(q) for q in c.questions]
            criteria.append(cd)
        outcomes.append({"id": o.id, "text": o.text, "kind": o.kind.value, "criteria": criteria})
    data["outcomes"] = outcomes
    return data


def qualification_data(q: Qualification) -> dict[str, Any]:
    data: dict[str, Any] = {"number": q.number} if q.number else {}
    data |= {"title": q.title, "awarding_body": q.awarding_body}
    if q.level is not None:
        data["level"] = q.level
    if q.min_credits is not None:
        data["min_credits"] = q.min_credits
    if q.note:
        data["note"] = q.note
    groups = []
    for g in q.groups:
        gd: dict[str, Any] = {"name": g.name, "mandatory": g.mandatory}
        if g.min_credits is not None:
            gd["min_credits"] = g.min_credits
        if g.max_credits is not None:
            gd["max_credits"] = g.max_credits
        gd["units"] = list(g.units)
        groups.append(gd)
    data["groups"] = groups
    return data


def dump_yaml(data: dict[str, Any]) -> str:
    return yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, indent=2
    )


def write_unit(unit: Unit, banks_dir: Path) -> Path:
    path = banks_dir / UNITS_DIR / unit_file_name(unit.ref)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_yaml(unit_data(unit)), encoding="utf-8")
    return path


def write_qualification(q: Qualification, banks_dir: Path) -> Path:
    path = banks_dir / QUALIFICATIONS_DIR / qualification_file_name(q)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_yaml(qualification_data(q)), encoding="utf-8")
    return path
