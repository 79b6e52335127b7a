"""Bank files: one YAML file per unit (`units/`) and per qualification (`qualifications/`).

Reading never stops at the first problem: every problem found is returned as a `Problem`
naming the file and the unit/outcome/criterion path, and what is readable is still loaded.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tutor.banks.model import (
    Bank,
    Criterion,
    Outcome,
    OutcomeKind,
    Qualification,
    Question,
    Rubric,
    RubricPoint,
    Unit,
    UnitGroup,
)
from tutor.errors import BankError

# libyaml's loader reads the shipped banks ten times faster; same safe subset of YAML.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

UNITS_DIR = "units"
QUALIFICATIONS_DIR = "qualifications"


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong in a bank file: `file: path: message`."""

    file: str
    path: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        return f"{where}: {self.message}"


def default_banks_dir() -> Path:
    """TUTOR_BANKS, else the banks packaged in the wheel, else the checkout's question_banks."""
    if env := os.environ.get("TUTOR_BANKS"):
        return Path(env)
    packaged = Path(__file__).resolve().parent.parent / "_banks"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "question_banks"


def unit_file_name(ref: str) -> str:
    """'J/506/2132' -> 'J-506-2132.yaml'."""
    return ref.replace("/", "-") + ".yaml"


def qualification_file_name(q: Qualification) -> str:
    return f"{q.awarding_body.lower()}-{q.number.replace('/', '-')}.yaml"


# --- reading ---------------------------------------------------------------------------


class _Reader:
    """Turns parsed YAML into model objects, recording every problem it meets."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, path, message))

    def text(self, data: dict[str, Any], key: str, path: str, required: bool = True) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(path, f"'{key}' is missing")
            return ""
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            self.problem(path, f"'{key}' should be text, not {type(value).__name__}")
            return ""
        if required and not value.strip():
            self.problem(path, f"'{key}' is empty")
        return value.strip()

    def integer(self, data: dict[str, Any], key: str, path: str) -> int | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(path, f"'{key}' should be a whole number, not {value!r}")
            return None
        return value

    def texts(self, data: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem(path, f"'{key}' should be a list")
            return ()
        out: list[str] = []
        for i, item in enumerate(value, 1):
            if isinstance(item, int | float) and not isinstance(item, bool):
                item = str(item)
            if not isinstance(item, str) or not item.strip():
                self.problem(path, f"'{key}' item {i} is empty or not text")
                continue
            out.append(item.strip())
        return tuple(out)

    def mappings(self, data: dict[str, Any], key: str, path: str) -> list[dict[str, Any]]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(path, f"'{key}' should be a list")
            return []
        out = []
        for i, item in enumerate(value, 1):
            if isinstance(item, dict):
                out.append(item)
            else:
                self.problem(path, f"'{key}' item {i} should be a mapping")
        return out

    def unknown_keys(self, data: dict[str, Any], allowed: Iterable[str], path: str) -> None:
        for key in data:
            if key not in allowed:
                self.problem(path, f"unknown key '{key}' (a typo?)")

    def rubric(self, data: Any, path: str) -> Rubric:
        if data is None:
            return Rubric()
        if not isinstance(data, dict):
            self.problem(path, "'rubric' should be a mapping with 'points'")
            return Rubric()
        self.unknown_keys(data, ("points", "needed", "open_list"), path)
        points = []
        for i, p in enumerate(self.mappings(data, "points", path), 1):
            ppath = f"{path} point {i}"
            self.unknown_keys(p, ("text", "alternatives", "weight", "required"), ppath)
            weight = p.get("weight", 1.0)
            if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
                self.problem(ppath, f"'weight' should be a positive number, not {weight!r}")
                weight = 1.0
            required = p.get("required", False)
            if not isinstance(required, bool):
                self.problem(ppath, f"'required' should be true or false, not {required!r}")
                required = False
            points.append(
                RubricPoint(
                    text=self.text(p, "text", ppath),
                    alternatives=self.texts(p, "alternatives", ppath),
                    weight=float(weight),
                    required=required,
                )
            )
        open_list = data.get("open_list", False)
        if not isinstance(open_list, bool):
            self.problem(path, f"'open_list' should be true or false, not {open_list!r}")
            open_list = False
        return Rubric(
            points=tuple(points), needed=self.integer(data, "needed", path), open_list=open_list
        )

    def question(self, data: dict[str, Any], path: str) -> Question:
        self.unknown_keys(
            data,
            ("id", "text", "rubric", "model_answer", "hint", "follow_ups", "overlaps"),
            path,
        )
        return Question(
            id=self.text(data, "id", path),
            text=self.text(data, "text", path),
            rubric=self.rubric(data.get("rubric"), f"{path} rubric"),
            model_answer=self.text(data, "model_answer", path, required=False),
            hint=self.text(data, "hint", path, required=False),
            follow_ups=self.texts(data, "follow_ups", path),
            overlaps=self.texts(data, "overlaps", path),
        )

    def unit(self, data: Any) -> Unit | None:
        if not isinstance(data, dict):
            self.problem("", "a unit file should be a mapping with 'ref', 'title', 'outcomes'")
            return None
        ref = self.text(data, "ref", "unit")
        upath = f"unit {ref or '?'}"
        self.unknown_keys(
            data,
            ("ref", "title", "level", "credit", "glh", "aliases", "sources", "outcomes"),
            upath,
        )
        outcomes = []
        for o in self.mappings(data, "outcomes", upath):
            oid = self.text(o, "id", f"{upath} outcome ?")
            opath = f"{upath} outcome {oid or '?'}"
            self.unknown_keys(o, ("id", "text", "kind", "criteria"), opath)
            kind_text = o.get("kind", OutcomeKind.COMPETENCE.value)
            try:
                kind = OutcomeKind(kind_text)
            except ValueError:
                self.problem(opath, f"'kind' should be knowledge or competence, not {kind_text!r}")
                kind = OutcomeKind.COMPETENCE
            criteria = []
            for c in self.mappings(o, "criteria", opath):
                cid = self.text(c, "id", f"{opath} criterion ?")
                cpath = f"{upath} criterion {cid or '?'}"
                self.unknown_keys(
                    c,
                    ("id", "text", "verb", "emphasised", "guidance", "target", "questions"),
                    cpath,
                )
                target = c.get("target", False)
                if not isinstance(target, bool):
                    self.problem(cpath, f"'target' should be true or false, not {target!r}")
                    target = False
                questions = tuple(
                    self.question(q, f"{cpath} question {q.get('id', i)}")
                    for i, q in enumerate(self.mappings(c, "questions", cpath), 1)
                )
                criteria.append(
                    Criterion(
                        id=cid,
                        text=self.text(c, "text", cpath),
                        verb=self.text(c, "verb", cpath, required=False),
                        emphasised=self.texts(c, "emphasised", cpath),
                        guidance=self.texts(c, "guidance", cpath),
                        target=target,
                        questions=questions,
                    )
                )
            outcomes.append(
                Outcome(
                    id=oid, text=self.text(o, "text", opath), kind=kind, criteria=tuple(criteria)
                )
            )
        return Unit(
            ref=ref.upper(),
            title=self.text(data, "title", upath),
            level=self.integer(data, "level", upath),
            credit=self.integer(data, "credit", upath),
            glh=self.integer(data, "glh", upath),
            aliases=tuple(a.upper() for a in self.texts(data, "aliases", upath)),
            sources=self.texts(data, "sources", upath),
            outcomes=tuple(outcomes),
        )

    def qualification(self, data: Any) -> Qualification | None:
        if not isinstance(data, dict):
            self.problem("", "a qualification file should be a mapping with 'number', 'groups'")
            return None
        number = self.text(data, "number", "qualification")
        qpath = f"qualification {number or '?'}"
        self.unknown_keys(
            data, ("number", "title", "awarding_body", "level", "min_credits", "groups"), qpath
        )
        groups = []
        for g in self.mappings(data, "groups", qpath):
            name = self.text(g, "name", f"{qpath} group ?")
            gpath = f"{qpath} group {name or '?'}"
            self.unknown_keys(
                g, ("name", "mandatory", "min_credits", "max_credits", "units"), gpath
            )
            groups.append(
                UnitGroup(
                    name=name,
                    mandatory=bool(g.get("mandatory", False)),
                    min_credits=self.integer(g, "min_credits", gpath),
                    units=tuple(u.upper() for u in self.texts(g, "units", gpath)),
                    max_credits=self.integer(g, "max_credits", gpath),
                )
            )
        return Qualification(
            number=number,
            title=self.text(data, "title", qpath),
            awarding_body=self.text(data, "awarding_body", qpath),
            level=self.integer(data, "level", qpath),
            min_credits=self.integer(data, "min_credits", qpath),
            groups=tuple(groups),
        )


def _read_yaml(path: Path, reader: _Reader) -> Any:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reader.problem("", f"cannot be read ({exc.strerror}); check the file's permissions")
        return None
    try:
        return yaml.load(raw.decode("utf-8"), Loader=_YAML_LOADER)
    except UnicodeDecodeError:
        reader.problem("", "is not UTF-8 text; save it as UTF-8")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "somewhere"
        reason = getattr(exc, "problem", None) or "invalid YAML"
        reader.problem("", f"YAML error at {where}: {reason}; fix the file's indentation/quotes")
    return None


def read_unit_file(path: Path, label: str | None = None) -> tuple[Unit | None, list[Problem]]:
    reader = _Reader(label or str(path))
    data = _read_yaml(path, reader)
    unit = reader.unit(data) if reader.problems == [] else None
    return unit, reader.problems


def read_qualification_file(
    path: Path, label: str | None = None
) -> tuple[Qualification | None, list[Problem]]:
    reader = _Reader(label or str(path))
    data = _read_yaml(path, reader)
    qualification = reader.qualification(data) if reader.problems == [] else None
    return qualification, reader.problems


def load_bank(root: Path | None = None) -> tuple[Bank, list[Problem]]:
    """Every unit and qualification under `root`, and every problem met reading them.

    `root` may be a banks directory (with units/ and qualifications/) or a single file.
    """
    root = Path(root) if root is not None else default_banks_dir()
    if not root.exists():
        raise BankError(f"{root}: no such question bank; pass a folder holding units/")
    problems: list[Problem] = []
    units: dict[str, Unit] = {}
    qualifications: list[Qualification] = []
    files: dict[str, str] = {}
    unit_files, qualification_files = _bank_files(root)
    if not unit_files and not qualification_files:
        raise BankError(f"{root}: no bank files (*.yaml under units/ or qualifications/)")
    for path in unit_files:
        unit, found = read_unit_file(path, _label(path, root))
        problems += found
        if unit is None:
            continue
        if unit.ref in units:
            problems.append(
                Problem(_label(path, root), f"unit {unit.ref}", "unit defined in two files")
            )
            continue
        units[unit.ref] = unit
        files[unit.ref] = _label(path, root)
    for path in qualification_files:
        qualification, found = read_qualification_file(path, _label(path, root))
        problems += found
        if qualification is not None:
            qualifications.append(qualification)
            files[qualification.number] = _label(path, root)
    return Bank(units=units, qualifications=tuple(qualifications), files=files), problems


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
    data: dict[str, Any] = {"number": q.number, "title": q.title, "awarding_body": q.awarding_body}
    if q.level is not None:
        data["level"] = q.level
    if q.min_credits is not None:
        data["min_credits"] = q.min_credits
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
