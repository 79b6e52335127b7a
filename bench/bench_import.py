"""Importing the seeds: parse and merge all five specifications (no writing).

The target is "well under a second" for the whole set, so `tutor import` feels instant.
"""

from __future__ import annotations

from bench.common import SHARED, report, timings
from tutor.banks.importers import SpecDocument
from tutor.banks.importers.merge import merge, parse_text, read_text
from tutor.errors import TutorError

RUNS = 10


def main() -> None:
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    if not seeds:
        print(f"   skipped: no seed specifications in {SHARED / 'seeds'}")
        return
    # Reading the files is not the importer's work: time parsing and merging only.
    texts = []
    for path in seeds:
        text = read_text(path)
        try:
            parse_text(text, path.name)
        except TutorError as exc:
            print(f"   left out: {exc}")
            continue
        texts.append((path.name, text))

    def parse_all() -> list[SpecDocument]:
        return [parse_text(text, name) for name, text in texts]

    documents = parse_all()

    def import_all() -> None:
        merge(parse_all())

    report("parse each seed", [t / len(texts) for t in timings(parse_all, RUNS)])
    report("merge only", timings(lambda: merge(documents), RUNS))
    report(f"parse + merge all {len(texts)} seeds", timings(import_all, RUNS), target_ms=1000)
    bank, warnings = merge(documents)
    criteria = sum(len(u.criteria()) for d in documents for u in d.units)
    print(
        f"   {len(documents)} documents, {criteria} criteria read, {len(bank.units)} units "
        f"merged, {len(warnings)} merge warnings"
    )
