"""From specification files to one bank: parse (`detect`), correct, merge, write (`write`).

A unit is held once by its reference across every source. GQA prints its own references
(H/618/0196 …) for units the other awarding bodies print as 506-series units, so GQA units are
matched to those by title and keep their GQA reference as an alias. Sources of the same unit
are compared, and every disagreement becomes a warning. Re-importing into an existing bank
keeps every hand-written question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from tutor.banks.errata import Correction, correct_documents, read_errata
from tutor.banks.importers import SourcedWarning, SpecDocument, SpecWarning, qualifications_of
from tutor.banks.importers.detect import parse_file
from tutor.banks.importers.finish import title_key
from tutor.banks.importers.write import errata_file, existing_bank, write_bank
from tutor.banks.model import Bank, Criterion, Outcome, Qualification, Question, Unit
from tutor.errors import SpecificationError

# Awarding bodies that print their own references for units others print as 506-series.
TITLE_MAPPED_BODIES = frozenset({"GQA"})

# How alike (0-100) two normalised titles must be for a GQA unit to map to another unit.
TITLE_MATCH = 90


@dataclass(frozen=True)
class ImportResult:
    """What `import_specs` read, merged, warned about and wrote.

    `documents` are as parsed, with the errata applied (`corrections` says where);
    `warnings` holds every document's warnings and the merge's, each naming its file;
    `errors` the files that could not be imported at all (the others still were);
    `removed` unit files of units now held under another reference (content moved there).
    """

    documents: tuple[SpecDocument, ...]
    bank: Bank
    warnings: tuple[SourcedWarning, ...]
    written: tuple[Path, ...] = ()
    errors: tuple[SpecificationError, ...] = ()
    removed: tuple[Path, ...] = ()
    corrections: tuple[Correction, ...] = ()


# --- merging ---------------------------------------------------------------------------


@dataclass
class _Contribution:
    """One source's copy of a unit (or the bank's own copy, `document` None)."""

    unit: Unit
    document: SpecDocument | None

    @property
    def label(self) -> str:
        if self.document is None:
            return "the existing bank"
        return _source_label(self.unit, self.document)


@dataclass
class _Merger:
    existing: Bank | None
    warnings: list[SourcedWarning] = field(default_factory=list)

    def warn(self, unit: str, message: str, source: str = "") -> None:
        self.warnings.append(SourcedWarning(unit, message, source))


def merge(
    documents: Sequence[SpecDocument], existing: Bank | None = None
) -> tuple[Bank, list[SpecWarning]]:
    """One bank from every document (and the existing bank), and what disagreed.

    Units are held once by reference; hand-written questions in `existing` are kept.
    """
    merger = _Merger(existing)
    mapping = _reference_map(documents, merger)
    groups: dict[str, list[_Contribution]] = {}
    for document in documents:
        for unit in document.units:
            groups.setdefault(mapping[id(unit)], []).append(_Contribution(unit, document))

    units: dict[str, Unit] = dict(existing.units) if existing else {}
    for ref, contributions in groups.items():
        previous = _existing_unit(existing, ref, contributions)
        merged = _merge_unit(ref, contributions, previous, merger)
        if previous is not None and previous.ref != ref:
            units.pop(previous.ref, None)
            merger.warn(
                previous.ref,
                f"now held as {ref}, with {previous.ref} as its alias; its questions moved there",
            )
        units[ref] = merged

    qualifications = {
        (q.awarding_body, q.key): q for q in (existing.qualifications if existing else ())
    }
    for document in documents:
        for qualification in qualifications_of(document):
            q = _map_qualification(qualification, document, mapping)
            qualifications[(q.awarding_body, q.key)] = q
    bank = Bank(units=units, qualifications=tuple(qualifications.values()))
    return bank, list(merger.warnings)


def _reference_map(documents: Sequence[SpecDocument], merger: _Merger) -> dict[int, str]:
    """Each parsed unit (by identity) -> the reference it is held under."""
    owned: dict[str, str] = {}  # ref -> title, from bodies that print the shared references
    for document in documents:
        if document.awarding_body not in TITLE_MAPPED_BODIES:
            for unit in document.units:
                owned.setdefault(unit.ref, unit.title)
    candidates = dict(owned)
    if merger.existing is not None:
        for unit in merger.existing.units.values():
            candidates.setdefault(unit.ref, unit.title)

    mapping: dict[int, str] = {}
    for document in documents:
        for unit in document.units:
            mapping[id(unit)] = unit.ref
            if document.awarding_body not in TITLE_MAPPED_BODIES or unit.ref in owned:
                continue
            target = _alias_owner(merger.existing, unit.ref) or _title_match(
                unit, document, candidates, merger
            )
            if target:
                mapping[id(unit)] = target
    return mapping


def _alias_owner(existing: Bank | None, ref: str) -> str | None:
    if existing is None:
        return None
    for unit in existing.units.values():
        if ref in unit.aliases:
            return unit.ref
    return None


def _title_match(
    unit: Unit, document: SpecDocument, candidates: dict[str, str], merger: _Merger
) -> str | None:
    key = title_key(unit.title)
    scored = sorted(
        (
            (fuzz.ratio(key, title_key(title)), ref)
            for ref, title in candidates.items()
            if ref != unit.ref
        ),
        reverse=True,
    )
    if not scored or scored[0][0] < TITLE_MATCH:
        return None
    best_score, best = scored[0]
    rivals = [ref for score, ref in scored[1:] if score == best_score]
    if rivals:
        merger.warn(
            unit.ref,
            f"title {unit.title!r} matches several units ({best}, {', '.join(rivals)}); "
            "kept under its own reference",
            document.source,
        )
        return None
    theirs = title_key(candidates[best]).split()
    ours = key.split()
    if ours != theirs:
        differing = [f"{a!r} for {b!r}" for a, b in zip(ours, theirs, strict=False) if a != b]
        detail = ", ".join(differing) or "different wording"
        merger.warn(
            unit.ref,
            f"title {unit.title!r} differs from {best} {candidates[best]!r} ({detail}: a "
            f"misspelling?); held as {best}",
            document.source,
        )
    return best


def _existing_unit(existing: Bank | None, ref: str, group: list[_Contribution]) -> Unit | None:
    """The bank's copy of this unit: by its reference, else under one of its aliases."""
    if existing is None:
        return None
    if ref in existing.units:
        return existing.units[ref]
    for contribution in group:
        if contribution.unit.ref in existing.units:
            return existing.units[contribution.unit.ref]
    return None


def _merge_unit(
    ref: str, group: list[_Contribution], previous: Unit | None, merger: _Merger
) -> Unit:
    # The source that prints this reference itself leads; title-mapped sources follow. Among
    # equals, bodies that print titles in sentence case lead, so titles read consistently.
    group = sorted(group, key=lambda c: (c.unit.ref != ref, _title_preference(c)))
    sources = _union(s for c in group for s in (c.unit.sources or (c.label,)))
    if previous is not None and not set(previous.sources) <= set(sources):
        # The bank holds content from specifications not re-read now: keep it, behind them.
        group = [*group, _Contribution(previous, None)]
        sources = _union([*sources, *previous.sources])
    lead = group[0].unit
    aliases = _union(a for c in group for a in (*c.unit.aliases, c.unit.ref) if a != ref)
    unit = Unit(
        ref=ref,
        title=lead.title,
        level=_agreed(ref, "level", group, merger),
        credit=_agreed(ref, "credit", group, merger),
        glh=_agreed(ref, "glh", group, merger),
        aliases=aliases,
        sources=sources,
        outcomes=_merge_outcomes(ref, group, merger),
    )
    if previous is not None:
        unit = _keep_questions(unit, previous, merger)
    return unit


_TITLE_PREFERENCE = ("NCFE", "ProQual", "GQA", "Pearson")


def _title_preference(contribution: _Contribution) -> int:
    body = contribution.document.awarding_body if contribution.document else ""
    return _TITLE_PREFERENCE.index(body) if body in _TITLE_PREFERENCE else len(_TITLE_PREFERENCE)


def _agreed(ref: str, name: str, group: list[_Contribution], merger: _Merger) -> int | None:
    said = [(getattr(c.unit, name), c) for c in group if getattr(c.unit, name) is not None]
    if not said:
        return None
    chosen = said[0][0]
    read = [(value, c) for value, c in said if c.document is not None]
    if len({value for value, _ in read}) > 1:
        detail = ", ".join(f"{c.label} says {value}" for value, c in read)
        odd = next(c for value, c in read if value != chosen)
        source = odd.document.source if odd.document else ""
        merger.warn(ref, f"{name} disagrees between sources: {detail}; using {chosen}", source)
    return chosen


def _merge_outcomes(ref: str, group: list[_Contribution], merger: _Merger) -> tuple[Outcome, ...]:
    outcome_ids = _union(o.id for c in group for o in c.unit.outcomes)
    read = [c for c in group if c.document is not None]
    outcomes = []
    for oid in sorted(outcome_ids, key=_number_key):
        copies = [(c, o) for c in group for o in c.unit.outcomes if o.id == oid]
        first = copies[0][1]
        by_id: dict[str, list[tuple[_Contribution, Criterion]]] = {}
        for c, o in copies:
            for criterion in o.criteria:
                by_id.setdefault(criterion.id, []).append((c, criterion))
        criteria = []
        for cid in sorted(by_id, key=_number_key):
            found = by_id[cid]
            _compare_criterion(ref, cid, found, read, merger)
            lead = found[0][1]
            criteria.append(
                replace(
                    lead,
                    guidance=_union_text(g for _, c in found for g in c.guidance),
                    emphasised=_union_text(e for _, c in found for e in c.emphasised),
                    questions=_union_questions(q for _, c in found for q in c.questions),
                )
            )
        outcomes.append(replace(first, criteria=tuple(criteria)))
    return tuple(outcomes)


def _compare_criterion(
    ref: str,
    cid: str,
    found: list[tuple[_Contribution, Criterion]],
    read: list[_Contribution],
    merger: _Merger,
) -> None:
    having = [c for c, _ in found if c.document is not None]
    if having and len(read) > 1:
        for c in read:
            if c not in having:
                present = ", ".join(h.label for h in having)
                held = f" (held as {ref})" if c.unit.ref != ref else ""
                merger.warn(
                    c.unit.ref,
                    f"criterion {cid} is missing here{held} but present in {present}",
                    c.document.source if c.document else "",
                )
    texts = [(c, criterion.text) for c, criterion in found if c.document is not None]
    lead_contribution, lead_text = texts[0] if texts else (None, "")
    for c, text in texts[1:]:
        if _text_key(text) != _text_key(lead_text):
            assert lead_contribution is not None
            merger.warn(
                c.unit.ref,
                f"criterion {cid} reads {text!r} here but {lead_text!r} in "
                f"{lead_contribution.label}",
                c.document.source if c.document else "",
            )


def _text_key(text: str) -> str:
    """Wording only: case, punctuation, spaces, plurals and spelling variants do not count."""
    return "".join(word.rstrip("s") for word in title_key(text).split())


def _keep_questions(unit: Unit, previous: Unit, merger: _Merger) -> Unit:
    """The merged unit with every hand-written question the bank's copy had."""
    outcomes = list(unit.outcomes)
    for old_outcome in previous.outcomes:
        for old in old_outcome.criteria:
            if not old.questions:
                continue
            position = next(
                (
                    (i, j)
                    for i, o in enumerate(outcomes)
                    for j, c in enumerate(o.criteria)
                    if c.id == old.id
                ),
                None,
            )
            if position is not None:
                i, j = position
                criteria = list(outcomes[i].criteria)
                criteria[j] = replace(
                    criteria[j],
                    questions=_union_questions([*old.questions, *criteria[j].questions]),
                )
                outcomes[i] = replace(outcomes[i], criteria=tuple(criteria))
                continue
            merger.warn(
                unit.ref,
                f"criterion {old.id} has hand-written questions but is no longer in the "
                "specifications; kept as it was",
            )
            index = next((i for i, o in enumerate(outcomes) if o.id == old_outcome.id), None)
            if index is None:
                outcomes.append(replace(old_outcome, criteria=(old,)))
                outcomes.sort(key=lambda o: _number_key(o.id))
            else:
                criteria = sorted([*outcomes[index].criteria, old], key=lambda c: _number_key(c.id))
                outcomes[index] = replace(outcomes[index], criteria=tuple(criteria))
    return replace(unit, outcomes=tuple(outcomes))


def _map_qualification(
    q: Qualification, document: SpecDocument, mapping: dict[int, str]
) -> Qualification:
    by_own_ref = {unit.ref: mapping[id(unit)] for unit in document.units}
    groups = tuple(
        replace(g, units=_union(by_own_ref.get(ref, ref) for ref in g.units)) for g in q.groups
    )
    return replace(q, groups=groups)


def _source_label(unit: Unit, document: SpecDocument) -> str:
    if unit.sources:
        return unit.sources[0]
    q = document.qualification
    return f"{document.awarding_body} {q.number}" if q and q.number else document.source


def _number_key(identifier: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"[.\s]+", identifier) if p)


def _union(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _union_text(items: Iterable[str]) -> tuple[str, ...]:
    """Texts in first-seen order; one that differs only in case or punctuation is a repeat."""
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(_text_key(item) or item, item)
    return tuple(seen.values())


def _union_questions(items: Iterable[Question]) -> tuple[Question, ...]:
    seen: dict[str, Question] = {}
    for question in items:
        seen.setdefault(question.id, question)
    return tuple(seen.values())


# --- importing into a bank -------------------------------------------------------------


def import_specs(
    paths: Iterable[Path], out_dir: Path | None = None, banks: Path | None = None
) -> ImportResult:
    """Parse every file, correct it by the errata, merge them with the bank in `out_dir` and
    write the bank files.

    The errata are those of the bank written to (`out_dir`), else of `banks` (default: the
    banks in use). A file that cannot be read is reported in `errors`; the others are still
    imported. With no `out_dir` nothing is written.
    """
    parsed: list[SpecDocument] = []
    errors: list[SpecificationError] = []
    for path in paths:
        try:
            parsed.append(parse_file(Path(path)))
        except SpecificationError as exc:
            errors.append(exc)
    documents, corrections = correct_documents(parsed, read_errata(errata_file(out_dir, banks)))
    existing, problems = existing_bank(out_dir) if out_dir is not None else (None, [])
    bank, merge_warnings = merge(documents, existing)
    warnings = [SourcedWarning(w.unit, w.message, d.source) for d in documents for w in d.warnings]
    warnings += [SourcedWarning(c.erratum.unit, c.message, c.source) for c in corrections]
    warnings += [
        w if isinstance(w, SourcedWarning) else SourcedWarning(w.unit, w.message)
        for w in merge_warnings
    ]
    written: list[Path] = []
    removed: list[Path] = []
    if out_dir is not None and documents:
        written, removed = write_bank(documents, bank, existing, problems, out_dir)
    return ImportResult(
        documents=tuple(documents),
        bank=bank,
        warnings=tuple(warnings),
        written=tuple(written),
        errors=tuple(errors),
        removed=tuple(removed),
        corrections=tuple(corrections),
    )
