"""Each specification parser alone, on its own seed (and its cheap layout detection).

The target is a few tens of milliseconds per parse (50 ms), so importing stays instant.
"""

from __future__ import annotations

from functools import partial

from bench.common import SHARED, report, timings
from tutor.banks.importers import gqa, ncfe, pearson_l3, pearson_principles, proqual

RUNS = 30
SEEDS = (
    ("pearson_l3", pearson_l3, "000_3135d01774356a71.txt"),
    ("ncfe", ncfe, "001_1843c058c36d64e5.txt"),
    ("pearson_principles", pearson_principles, "002_fe53323ef1feaf19.txt"),
    ("proqual", proqual, "003_f68a613929ff46c3.txt"),
    ("gqa", gqa, "004_2e26f089490b172a.txt"),
)


def main() -> None:
    for name, parser, file_name in SEEDS:
        path = SHARED / "seeds" / file_name
        if not path.is_file():
            print(f"   skipped {name}: {path} is absent")
            continue
        text = path.read_text(encoding="utf-8")
        report(f"{name} parse", timings(partial(parser.parse, text, file_name), RUNS), 50)
        report(f"{name} looks_like", timings(partial(parser.looks_like, text), RUNS), 1)
        doc = parser.parse(text, file_name)
        outcomes = sum(len(u.outcomes) for u in doc.units)
        criteria = sum(len(u.criteria()) for u in doc.units)
        guided = sum(1 for u in doc.units for _, c in u.criteria() if c.guidance)
        print(
            f"   {len(text.splitlines())} lines -> {len(doc.units)} units, {outcomes} outcomes, "
            f"{criteria} criteria ({guided} with guidance), {len(doc.warnings)} warnings"
        )
