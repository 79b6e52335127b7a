"""The NCFE and ProQual parsers alone, each on its own seed.

The target is a few tens of milliseconds per parse (50 ms), so importing stays instant.
"""

from __future__ import annotations

from functools import partial

from bench.common import SHARED, report, timings
from tutor.banks.importers import ncfe, proqual

RUNS = 30
SEEDS = (
    ("ncfe", ncfe, "001_1843c058c36d64e5.txt"),
    ("proqual", proqual, "003_f68a613929ff46c3.txt"),
)


def main() -> None:
    for name, parser, file_name in SEEDS:
        path = SHARED / "seeds" / file_name
        if not path.is_file():
            print(f"   skipped {name}: {path} is absent")
            continue
        text = path.read_text(encoding="utf-8")
        report(f"{name} parse", timings(partial(parser.parse, text, file_name), RUNS), 50)
        doc = parser.parse(text, file_name)
        outcomes = sum(len(u.outcomes) for u in doc.units)
        criteria = sum(len(u.criteria()) for u in doc.units)
        print(
            f"   {len(text.splitlines())} lines -> {len(doc.units)} units, {outcomes} outcomes, "
            f"{criteria} criteria, {len(doc.warnings)} warnings"
        )
