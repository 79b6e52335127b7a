"""NCFE qualification specifications (e.g. Level 2 Diploma in Customer Service, 601/3973/0).

The layout is markdown-ish: `**bold**` and `<b>` fragments, bulleted outcomes ("- 1 Understand
…") and criteria ("- 1.1 Explain …"), unit summaries (hours, credits, level) before the unit
detail pages, "(cont'd)" headings where a unit runs over a page, and per-criterion assessment
guidance after each unit's criteria. Bold words in a criterion are the terms its guidance
explains; they are kept as `Criterion.emphasised` and used to check that each guidance item
is keyed to the criterion it addresses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from tutor.banks.importers import SpecDocument, SpecWarning
from tutor.banks.importers.drafts import CriterionDraft, OutcomeDraft, add_criterion
from tutor.banks.importers.finish import (
    Numbering,
    RawCriterion,
    RawOutcome,
    check_letter,
    finish_unit,
    title_key,
)
from tutor.banks.model import Qualification, Unit, UnitGroup
from tutor.text import clean_line

AWARDING_BODY = "NCFE"

_UNIT_HEADING = re.compile(r"Unit (\d{1,2}) (.+?) \(([A-Z]/\d{3}/\d{4})\)(\s*\(cont'd\))?")
_OUTCOME = re.compile(r"^-?\s*(\d+)\.?\s+(\S.*)$")
_NUMBERED = re.compile(r"^-?\s*(\d+)\.(\d+)\.?\s+(\S.*)$")
_BULLET = re.compile(r"^\s*-\s*(.*)$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_TAGS = re.compile(r"</?(?:b|u|i|strong|em)>")
_GROUP_HEADING = re.compile(r"Group ([A-Z]) (mandatory|optional) units", re.I)
_GROUP_UNIT = re.compile(r"^-\s*Unit (\d{1,2}) (.+?) \((\d+) credits?\)")
_GROUP_RULE = re.compile(r"(?:a total of|a minimum of) (\d+) credits? from Group ([A-Z])", re.I)
_TERM = re.compile(r"^<b>(.+?)</b>\s+(.+)$")


def looks_like(text: str) -> bool:
    """An NCFE specification: names NCFE and lists criteria under "The learner can:"."""
    head = text[:20000]
    return bool(re.search(r"\bNCFE\b", head)) and "The learner can:" in text


def explanation_of_terms(text: str) -> dict[str, str]:
    """Section 4's command-verb definitions, e.g. {"Explain": "Provide details …"}."""
    terms: dict[str, str] = {}
    inside = False
    for line in text.splitlines():
        if line.startswith("#") and "Explanation of terms" in line:
            inside = True
            continue
        if inside and line.startswith("# "):
            break
        match = _TERM.match(line.strip()) if inside else None
        if match:
            terms[clean_line(match.group(1))] = clean_line(match.group(2))
    return terms


def parse(text: str, source: str) -> SpecDocument:
    """Read the qualification, its rules of combination and every unit the text holds."""
    doc = SpecDocument(source=source, awarding_body=AWARDING_BODY)
    lines = text.splitlines()
    plain = [_plain(raw) for raw in lines]
    qualification = _qualification(plain, doc)
    doc.qualification = qualification
    number = qualification.number if qualification else ""
    drafts = _read_units(lines, plain, doc)
    listed = _listed_units(plain)
    if not drafts:
        doc.warnings.append(
            SpecWarning("", "no NCFE unit (heading 'Unit 01 Title (A/123/4567)') could be read")
        )
        return doc
    by_number = {d.number: d for d in drafts.values()}
    for draft in sorted(drafts.values(), key=lambda d: int(d.number)):
        built = _build_unit(draft, number or source, listed, doc.warnings)
        # A unit with no outcomes is not a unit the tutor can use; its warning says so.
        if built.outcomes:
            doc.units.append(built)
    if not doc.units:
        doc.warnings.append(SpecWarning("", "no unit's learning outcomes could be read"))
    if qualification is not None:
        doc.qualification = _with_groups(qualification, plain, listed, by_number, doc.warnings)
    return doc


def _plain(raw: str) -> str:
    """One line of text with its markdown emphasis, tags and heading marks removed."""
    text = _TAGS.sub("", raw).replace("**", "").replace("\\*", "*")
    return clean_line(text.lstrip("#"))


# --- qualification -------------------------------------------------------------------------


def _qualification(plain: list[str], doc: SpecDocument) -> Qualification | None:
    title = number = ""
    min_credits: int | None = None
    for line in plain[:400]:
        if not title and re.match(r"NCFE Level \d", line):
            title = line
        if not number and (m := re.search(r"\bQN\)?:\s*(\d{3}/\d{4}/\d)", line)):
            number = m.group(1)
        if min_credits is None and (m := re.search(r"minimum of (\d+) credits:", line)):
            min_credits = int(m.group(1))
    if not number:
        doc.warnings.append(SpecWarning("", "the qualification number (QN) could not be read"))
        return None
    level_match = re.search(r"Level (\d)", title)
    return Qualification(
        number=number,
        title=title,
        awarding_body=AWARDING_BODY,
        level=int(level_match.group(1)) if level_match else None,
        min_credits=min_credits,
    )


@dataclass
class _Listed:
    """A unit as the rules of combination list it."""

    number: str
    title: str
    credits: int
    group: str


def _listed_units(plain: list[str]) -> dict[str, _Listed]:
    listed: dict[str, _Listed] = {}
    group = ""
    for line in plain:
        if heading := _GROUP_HEADING.search(line):
            group = heading.group(1)
        elif group and line.startswith("---"):
            break
        elif group and (m := _GROUP_UNIT.match(line)):
            number = f"{int(m.group(1)):02d}"
            listed[number] = _Listed(number, m.group(2), int(m.group(3)), group)
    return listed


def _with_groups(
    qualification: Qualification,
    plain: list[str],
    listed_units: dict[str, _Listed],
    by_number: dict[str, _Draft],
    warnings: list[SpecWarning],
) -> Qualification:
    """The qualification with its groups: units by reference, mandatory flag, minimum credits."""
    mandatory: dict[str, bool] = {}
    rules: dict[str, int] = {}
    for line in plain:
        if heading := _GROUP_HEADING.search(line):
            mandatory[heading.group(1)] = heading.group(2).lower() == "mandatory"
        for m in _GROUP_RULE.finditer(line):
            rules[m.group(2)] = int(m.group(1))
    members: dict[str, list[str]] = {g: [] for g in mandatory}
    for listed in listed_units.values():
        draft = by_number.get(listed.number)
        if draft is None:
            warnings.append(
                SpecWarning(
                    "",
                    f"Group {listed.group} lists unit {listed.number} {listed.title}, "
                    "which has no unit heading with a reference: left out of the group",
                )
            )
            continue
        members[listed.group].append(draft.ref)
    for g, is_mandatory in mandatory.items():
        total = sum(u.credits for u in listed_units.values() if u.group == g)
        if is_mandatory and g in rules and total != rules[g]:
            warnings.append(
                SpecWarning(
                    "",
                    f"Group {g} is mandatory with {rules[g]} credits, but its units carry {total}",
                )
            )
    groups = tuple(
        UnitGroup(
            name=f"Group {g}",
            mandatory=mandatory[g],
            min_credits=rules.get(g),
            units=tuple(members[g]),
        )
        for g in sorted(members)
    )
    return Qualification(
        number=qualification.number,
        title=qualification.title,
        awarding_body=qualification.awarding_body,
        level=qualification.level,
        min_credits=qualification.min_credits,
        groups=groups,
    )


# --- units ---------------------------------------------------------------------------------


@dataclass
class _GuidanceDraft:
    """One guidance entry as printed: the criterion number it is keyed to and its bullets."""

    key: str
    items: list[str]


@dataclass
class _Draft:
    number: str
    ref: str
    title: str
    glh: int | None = None
    credit: int | None = None
    level: int | None = None
    outcomes: list[OutcomeDraft] = field(default_factory=list)
    guidance: list[_GuidanceDraft] = field(default_factory=list)
    reached_guidance: bool = False
    mode: str = ""


def _read_units(lines: list[str], plain: list[str], doc: SpecDocument) -> dict[str, _Draft]:
    """Every unit block, summary and detail pages alike, merged by unit number."""
    drafts: dict[str, _Draft] = {}
    start = next((i for i, raw in enumerate(lines) if raw.strip() == "# Section 3"), 0)
    block: list[tuple[str, str]] = []
    current: _Draft | None = None
    for raw, line in zip(lines[start:], plain[start:], strict=True):
        if raw.startswith("#") and ("Section 4" in raw or "Explanation of terms" in raw):
            break
        heading = _UNIT_HEADING.search(line)
        if heading is None:
            block.append((raw, line))
            continue
        if current is not None:
            _read_block(current, block, doc.warnings)
        current = _draft_for(heading, drafts, doc.warnings)
        rest = line[heading.end() :].strip()
        block = [(rest, rest)] if rest else []
    if current is not None:
        _read_block(current, block, doc.warnings)
    return drafts


def _draft_for(
    heading: re.Match[str], drafts: dict[str, _Draft], warnings: list[SpecWarning]
) -> _Draft:
    number = f"{int(heading.group(1)):02d}"
    title, ref = heading.group(2).strip(), heading.group(3)
    draft = drafts.get(number)
    if draft is None:
        draft = drafts[number] = _Draft(number=number, ref=ref, title=title)
    elif draft.ref != ref:
        warnings.append(
            SpecWarning(draft.ref, f"unit {number} is also headed with reference {ref}")
        )
    elif title_key(draft.title) != title_key(title):
        warnings.append(
            SpecWarning(ref, f"unit {number} is headed both {draft.title!r} and {title!r}")
        )
    return draft


def _read_block(draft: _Draft, block: list[tuple[str, str]], warnings: list[SpecWarning]) -> None:
    """A summary block sets hours, credits and level; a detail block adds outcomes/criteria."""
    if any(line.startswith("Guided learning hours") for _, line in block):
        for _, line in block:
            if m := re.match(r"Guided learning hours:\s*(\d+)", line):
                draft.glh = int(m.group(1))
            elif m := re.match(r"Credit value:\s*(\d+)", line):
                draft.credit = int(m.group(1))
            elif m := re.match(r"Level:\s*(\d+)", line):
                draft.level = int(m.group(1))
        return
    for raw, line in block:
        _read_detail_line(draft, raw, line, warnings)


def _read_detail_line(draft: _Draft, raw: str, line: str, warnings: list[SpecWarning]) -> None:
    if not line or line in {"-", "---"}:
        if line == "---" and draft.mode == "guidance":
            draft.mode = "after guidance"
        return
    if line == "The learner will:":
        draft.mode = "outcome"
    elif line == "The learner can:":
        draft.mode = "criteria"
    elif line.startswith("Assessment guidance"):
        draft.mode = "guidance"
        draft.reached_guidance = True
    elif draft.mode == "outcome":
        _read_outcome_line(draft, line, warnings)
    elif draft.mode == "criteria":
        _read_criterion_line(draft, raw, line, warnings)
    elif draft.mode == "guidance":
        _read_guidance_line(draft, raw, line)


def _read_outcome_line(draft: _Draft, line: str, warnings: list[SpecWarning]) -> None:
    match = _OUTCOME.match(line)
    if match and not _NUMBERED.match(line):
        draft.outcomes.append(OutcomeDraft(match.group(1), match.group(2)))
    elif draft.outcomes:
        draft.outcomes[-1].text = f"{draft.outcomes[-1].text} {line.lstrip('- ')}"
    else:
        warnings.append(SpecWarning(draft.ref, f"text before any learning outcome: {line!r}"))


def _read_criterion_line(draft: _Draft, raw: str, line: str, warnings: list[SpecWarning]) -> None:
    stripped = raw.strip()
    if match := _NUMBERED.match(stripped):
        major, minor, rest = match.groups()
        add_criterion(draft.ref, draft.outcomes, f"{major}.{minor}", rest, warnings)
        return
    criteria = draft.outcomes[-1].criteria if draft.outcomes else []
    if not criteria:
        warnings.append(SpecWarning(draft.ref, f"text before any criterion: {line!r}"))
        return
    bullet = _BULLET.match(raw)
    if bullet and raw.startswith((" ", "\t")):
        # An indented bullet under a criterion is part of it ("… of the following: employers").
        criteria[-1].items.append(bullet.group(1).strip())
    else:
        # A criterion wrapped or split over a page break: its text goes on.
        criteria[-1].text = f"{criteria[-1].text} {stripped.lstrip('- ')}"


def _read_guidance_line(draft: _Draft, raw: str, line: str) -> None:
    if line.startswith(("Assessment criteria:", "There is no assessment guidance")):
        return
    if match := _NUMBERED.match(raw.strip()):
        major, minor, rest = match.groups()
        draft.guidance.append(_GuidanceDraft(f"{major}.{minor}", [rest]))
    elif not draft.guidance:
        return  # unit-level notes ("This unit must be assessed in line with …")
    elif bullet := _BULLET.match(raw):
        draft.guidance[-1].items.append(bullet.group(1).strip())
    else:
        draft.guidance[-1].items[-1] = f"{draft.guidance[-1].items[-1]} {raw.strip()}"


# --- building ------------------------------------------------------------------------------


def _build_unit(
    draft: _Draft, number: str, listed: dict[str, _Listed], warnings: list[SpecWarning]
) -> Unit:
    ref = draft.ref
    if bad_letter := check_letter(ref, f"unit {draft.number}"):
        warnings.append(bad_letter)
    if (entry := listed.get(draft.number)) is not None:
        if title_key(entry.title) != title_key(draft.title):
            warnings.append(
                SpecWarning(
                    ref,
                    f"the rules of combination call unit {draft.number} {entry.title!r}, "
                    f"its heading {draft.title!r}",
                )
            )
        if draft.credit is not None and entry.credits != draft.credit:
            warnings.append(
                SpecWarning(
                    ref,
                    f"the rules of combination give {entry.credits} credits, "
                    f"the unit summary {draft.credit}",
                )
            )
    if not draft.outcomes:
        warnings.append(
            SpecWarning(
                ref,
                f"unit {draft.number} has a summary but its learning outcomes could not be read "
                "(the text may be truncated): left out",
            )
        )
    elif not draft.reached_guidance:
        warnings.append(
            SpecWarning(
                ref,
                f"unit {draft.number} ends before its assessment guidance section: its last "
                "criteria may be incomplete (the text may be truncated)",
            )
        )
    raw = [
        RawOutcome(o.id, _plain(o.text), tuple(_criterion(c) for c in o.criteria))
        for o in draft.outcomes
    ]

    def attach(outcomes: Sequence[RawOutcome]) -> list[RawOutcome]:
        guidance = _place_guidance(ref, outcomes, draft.guidance, warnings)
        return [
            replace(
                o,
                criteria=tuple(
                    replace(c, guidance=tuple(guidance.get(c.id, ()))) for c in o.criteria
                ),
            )
            for o in outcomes
        ]

    built = finish_unit(ref, raw, Numbering.AS_PRINTED, warnings, attach)
    return Unit(
        ref=ref,
        title=clean_line(draft.title),
        level=draft.level,
        credit=draft.credit,
        glh=draft.glh,
        sources=(f"{AWARDING_BODY} {number} unit {draft.number}",),
        outcomes=built,
    )


def _criterion(draft: CriterionDraft) -> RawCriterion:
    return RawCriterion(
        id=draft.id,
        text=_plain(draft.full_text),
        emphasised=tuple(dict.fromkeys(_plain(b) for b in _BOLD.findall(draft.full_text))),
    )


_MINOR_WORDS = frozenset({"a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "use"})


def _stems(text: str) -> set[str]:
    """Content words lower-cased without apostrophes or a plural/possessive s."""
    words = re.findall(r"[a-z]+", _plain(text).lower().replace("'", ""))
    stems = {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words}
    return stems - _MINOR_WORDS


def _addresses(terms: list[str], criterion: RawCriterion) -> bool:
    """Whether a guidance term's words all occur in the criterion ("techniques to monitor the
    quality of data" addresses "Explain techniques used to monitor the quality of data …")."""
    words = _stems(criterion.text)
    return any((stems := _stems(term)) and stems <= words for term in terms)


def _place_guidance(
    ref: str,
    outcomes: Sequence[RawOutcome],
    entries: list[_GuidanceDraft],
    warnings: list[SpecWarning],
) -> dict[str, list[str]]:
    """Guidance bullets by criterion id.

    An entry goes to the criterion it is keyed to, unless its bold term is absent from that
    criterion and present in exactly one other: then the key is a misprint (NCFE unit 21 prints
    the guidance for 1.3 "negotiating techniques" as 1.2), and the entry goes to the criterion
    it plainly addresses, with a warning.
    """
    criteria = {c.id: c for o in outcomes for c in o.criteria}
    placed: dict[str, list[str]] = {}
    for entry in entries:
        terms = _BOLD.findall(entry.items[0])
        keyed = criteria.get(entry.key)
        target = entry.key if keyed is not None else None
        if terms and (keyed is None or not _addresses(terms, keyed)):
            others = [cid for cid, c in criteria.items() if _addresses(terms, c)]
            term = _plain(terms[0])
            if len(others) == 1:
                target = others[0]
                warnings.append(
                    SpecWarning(
                        ref,
                        f"assessment guidance printed as {entry.key} ({term!r}) addresses "
                        f"criterion {target}; attached to {target}",
                    )
                )
            elif keyed is not None:
                warnings.append(
                    SpecWarning(
                        ref,
                        f"assessment guidance for {entry.key} explains {term!r}, which "
                        f"criterion {entry.key} does not use; attached to {entry.key} as printed",
                    )
                )
        if target is None:
            warnings.append(
                SpecWarning(
                    ref,
                    f"assessment guidance is keyed to criterion {entry.key}, which the unit "
                    "does not have; left out",
                )
            )
            continue
        bucket = placed.setdefault(target, [])
        for item in entry.items:
            cleaned = _plain(item)
            if not cleaned:
                continue
            if cleaned in bucket and item is entry.items[0]:
                warnings.append(
                    SpecWarning(ref, f"assessment guidance for {target} is printed twice")
                )
                break
            bucket.append(cleaned)
    return placed
