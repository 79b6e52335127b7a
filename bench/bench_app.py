"""The app: start to the first question shown, on the shipped banks (target 0.5 s median).

Each run builds a fresh app over a new temporary database, runs it headless, waits for the
banks and starts a practice session; the time runs from creating the app to the first
question bubble on screen. Runs share one process (Textual and the tutor already imported)
and the bank cache beside the database, as every start after the first does. One cold
figure is printed too: a fresh process with no cache, imports included.

While the shipped unit files have no questions yet, the drafted questions
(question_banks/drafts/, a criterion list per unit) are merged into a temporary copy.
"""

from __future__ import annotations

import asyncio
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

RUNS = 10
TARGET_S = 0.5
ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "question_banks"


def banks_with_questions(work: Path) -> tuple[Path, str]:
    """The shipped banks; while their units have no questions yet, a copy with the drafted
    questions merged into the units."""
    from tutor.banks.files import load_bank

    bank, _ = load_bank(SHIPPED)
    if any(c.questions for u in bank.units.values() for _, c in u.criteria()):
        return SHIPPED, "shipped banks"
    copy = work / "banks"
    shutil.copytree(SHIPPED / "units", copy / "units")
    shutil.copytree(SHIPPED / "qualifications", copy / "qualifications")
    for draft_file in sorted((SHIPPED / "drafts").glob("*.yaml")):
        unit_file = copy / "units" / draft_file.name
        if not unit_file.exists():
            continue
        draft = yaml.safe_load(draft_file.read_text(encoding="utf-8"))
        drafted = {str(c["id"]): c.get("questions", []) for c in draft.get("criteria", [])}
        unit = yaml.safe_load(unit_file.read_text(encoding="utf-8"))
        for outcome in unit.get("outcomes", []):
            for criterion in outcome.get("criteria", []):
                if drafted.get(str(criterion["id"])):
                    criterion["questions"] = drafted[str(criterion["id"])]
        unit_file.write_text(yaml.safe_dump(unit, allow_unicode=True), encoding="utf-8")
    return copy, "shipped banks with the drafted questions merged in (their units have none yet)"


async def first_question(db: Path, banks: Path) -> float:
    """Seconds from creating the app to its first question bubble on screen."""
    from tutor.ui.app import create_app
    from tutor.ui.widgets.chat_bubble import ChatBubble

    started = time.perf_counter()
    app = create_app(db, banks, rng=random.Random(1), offer_resume=False)
    async with app.run_test(size=(100, 30)) as pilot:
        while app.bank is None:
            await pilot.pause(0.001)
        bank = app.bank
        unit = next(u for u in bank.units.values() if any(c.questions for _, c in u.criteria()))
        engine = app.new_engine()
        engine.start_practice("Bench Learner", [f"{unit.ref} {c.id}" for _, c in unit.criteria()])
        app.open_session(engine)
        while not any(str(b.title).startswith("Question") for b in app.screen.query(ChatBubble)):
            await pilot.pause(0.001)
        return time.perf_counter() - started


COLD = """
import asyncio, sys, time
started = time.perf_counter()
from bench.bench_app import first_question
from pathlib import Path
inner = asyncio.run(first_question(Path(sys.argv[1]), Path(sys.argv[2])))
print(time.perf_counter() - started)
"""


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        banks, label = banks_with_questions(work)
        cold = subprocess.run(
            [sys.executable, "-c", COLD, str(work / "cold" / "tutor.db"), str(banks)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        cold_s = float(cold.stdout.strip().splitlines()[-1])
        samples = []
        for run in range(RUNS + 1):
            db = work / "warm" / f"run{run}.db"
            seconds = asyncio.run(first_question(db, banks))
            if run:  # the first run fills the bank cache
                samples.append(seconds)
    median = statistics.median(samples)
    print(f"   app start to first question, {label}:")
    print(
        f"   median {median * 1000:.0f} ms, max {max(samples) * 1000:.0f} ms (n={len(samples)}); "
        f"target {TARGET_S * 1000:.0f} ms, median/target {median / TARGET_S:.2f}"
    )
    print(f"   cold (new process, imports, no bank cache): {cold_s * 1000:.0f} ms")


if __name__ == "__main__":
    main()
