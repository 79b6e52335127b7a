"""The app: start to the first question shown, on the shipped banks (target 0.5 s median).

Each run builds a fresh app over a new temporary database, runs it headless, waits for the
banks and starts a practice session; the time runs from creating the app to the first
question bubble on screen. Runs share one process (Textual and the tutor already imported)
and a bank cache (TUTOR_CACHE, in the temporary folder), as every start after the first does.
One cold figure is printed too: a fresh process with no cache, imports included.

Before each run the previous run's app is garbage-collected, outside the timing: a real start
is a new process, which has no earlier app's garbage for its collector to walk.
"""

from __future__ import annotations

import asyncio
import gc
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 10
TARGET_S = 0.5
ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "question_banks"


async def first_question(db: Path, banks: Path) -> float:
    """Seconds from creating the app to its first question bubble on screen."""
    from tutor.ui.app import create_app
    from tutor.ui.widgets.chat_bubble import ChatBubble

    started = time.perf_counter()
    # As `tutor` runs it: the heap frozen once the banks are in.
    app = create_app(db, banks, rng=random.Random(1), offer_resume=False, freeze_heap=True)
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
        cold = subprocess.run(
            [sys.executable, "-c", COLD, str(work / "cold" / "tutor.db"), str(SHIPPED)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env={**os.environ, "TUTOR_CACHE": str(work / "cold" / "cache")},
        )
        cold_s = float(cold.stdout.strip().splitlines()[-1])
        samples = []
        previous = os.environ.get("TUTOR_CACHE")
        os.environ["TUTOR_CACHE"] = str(work / "warm" / "cache")
        try:
            for run in range(RUNS + 1):
                db = work / "warm" / f"run{run}.db"
                gc.collect()
                seconds = asyncio.run(first_question(db, SHIPPED))
                if run:  # the first run fills the bank cache
                    samples.append(seconds)
        finally:
            if previous is None:
                os.environ.pop("TUTOR_CACHE", None)
            else:
                os.environ["TUTOR_CACHE"] = previous
    median = statistics.median(samples)
    print("   app start to first question, shipped banks:")
    print(
        f"   median {median * 1000:.0f} ms, max {max(samples) * 1000:.0f} ms (n={len(samples)}); "
        f"target {TARGET_S * 1000:.0f} ms, median/target {median / TARGET_S:.2f}"
    )
    print(f"   cold (new process, imports, no bank cache): {cold_s * 1000:.0f} ms")


if __name__ == "__main__":
    main()
