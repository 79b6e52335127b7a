"""The `tutor import --json` shape: what each file held, how it was merged and corrected."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from tutor.banks.errata import Correction
from tutor.banks.importers import SourcedWarning, SpecDocument, qualifications_of
from tutor.banks.model import Bank, Qualification, Unit


def spec_json(
    documents: Sequence[SpecDocument],
    warnings: Iterable[SourcedWarning] = (),
    bank: Bank | None = None,
    corrections: Iterable[Correction] = (),
) -> dict[str, Any]:
    """One object per input file, keyed by its name, in DESIGN.md's `tutor import --json` shape.

    Merge warnings that name a file are listed under it, after its own; with the merged
    `bank`, each unit also says which reference it is held under ("held_as"). Every outcome
    and criterion says whether its text is a reconstruction from the errata
    ("reconstructed"), and if so the erratum's reason and the text as printed; each unit
    lists every erratum applied to it ("errata"), its guidance and fields included.
    """
    extra: dict[str, list[SourcedWarning]] = {}
    for warning in warnings:
        extra.setdefault(warning.source, []).append(warning)
    # (file, unit reference after the errata) -> the errata applied to that copy
    applied: dict[tuple[str, str], list[Correction]] = {}
    for c in corrections:
        if c.applied:
            applied.setdefault((c.source, c.ref), []).append(c)
    out: dict[str, Any] = {}
    for document in documents:
        q = document.qualification
        own = [SourcedWarning(w.unit, w.message, document.source) for w in document.warnings]
        out[document.source] = {
            "qualification": {
                "title": q.title if q else "",
                "number": q.number if q else "",
                "awarding_body": q.awarding_body if q else document.awarding_body,
                "level": q.level if q else None,
            },
            "qualifications": [_qualification_json(m) for m in qualifications_of(document)],
            "units": [
                _unit_json(u, bank, applied.get((document.source, u.ref), []))
                for u in document.units
            ],
            "warnings": [
                {"unit": w.unit, "message": w.message}
                for w in _dedupe([*own, *extra.get(document.source, [])])
            ],
        }
    return out


def _qualification_json(q: Qualification) -> dict[str, Any]:
    return {
        "title": q.title,
        "number": q.number,
        "awarding_body": q.awarding_body,
        "level": q.level,
        "min_credits": q.min_credits,
        "note": q.note,
        "groups": [
            {
                "name": g.name,
                "mandatory": g.mandatory,
                "min_credits": g.min_credits,
                "max_credits": g.max_credits,
                "units": list(g.units),
            }
            for g in q.groups
        ],
    }


def _reconstruction(correction: Correction | None) -> dict[str, Any]:
    """Whether a text is the source's own or an erratum's, and the erratum's reason."""
    if correction is None:
        return {"reconstructed": False}
    e = correction.erratum
    return {"reconstructed": True, "erratum": {"printed": e.printed, "reason": e.reason}}


def _erratum_json(correction: Correction) -> dict[str, Any]:
    e = correction.erratum
    return {
        "about": e.where,
        "printed": e.printed,
        "corrected": e.corrected,
        "result": correction.result,
        "reason": e.reason,
    }


def _unit_json(unit: Unit, bank: Bank | None, corrections: list[Correction]) -> dict[str, Any]:
    held = bank.unit(unit.ref) if bank is not None else None
    # "criterion 1.2" / "outcome 3" -> the erratum that gave its text
    texts = {c.erratum.where: c for c in corrections if c.erratum.field == "text"}

    return {
        "ref": unit.ref,
        "held_as": held.ref if held is not None else unit.ref,
        "title": unit.title,
        "level": unit.level,
        "credit": unit.credit,
        "glh": unit.glh,
        "aliases": list(unit.aliases),
        "sources": list(unit.sources),
        "errata": [_erratum_json(c) for c in corrections],
        "outcomes": [
            {
                "id": o.id,
                "text": o.text,
                "kind": o.kind.value,
                **_reconstruction(texts.get(f"outcome {o.id}")),
                "criteria": [
                    {
                        "id": c.id,
                        "text": c.text,
                        "verb": c.verb,
                        "target": c.target,
                        "guidance": list(c.guidance),
                        **_reconstruction(texts.get(f"criterion {c.id}")),
                    }
                    for c in o.criteria
                ],
            }
            for o in unit.outcomes
        ],
    }


def _dedupe(warnings: Iterable[SourcedWarning]) -> list[SourcedWarning]:
    return list(dict.fromkeys(warnings))
