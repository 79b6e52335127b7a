"""Exporting a 60-turn assessment to PDF: median over 10 runs against a 1 s target.

The session is written by the real engine and scorer into a temporary database: twelve
criteria, each asked, answered (about 70 words), probed with an assessor's question and
answered again, then seven decisions, feedback and both declarations (60 turns). Timed: the
whole `export_session` (open the store, load the bank, build the record, verify the chain,
render the PDF, write it), and the PDF rendering alone; then the same export with the shipped
banks loaded to name things.
"""

from __future__ import annotations

import random
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import report, timings
from tutor.banks.files import load_bank, write_unit
from tutor.banks.model import Criterion, Outcome, OutcomeKind, Question, Rubric, RubricPoint, Unit
from tutor.export import export_session, render
from tutor.export.record import build_record
from tutor.sessions.engine import SessionEngine
from tutor.settings import default_banks_dir
from tutor.store.queries import Store

UNIT = "J/506/2132"
CRITERIA = 12
DECIDED = 7
RUNS = 10
TARGET_MS = 1000.0
ANSWER = (
    "I would listen carefully to the customer without interrupting, apologise sincerely for "
    "the problem, and repeat back what they told me so they know I understood. Then I would "
    "explain what I can do to put it right, agree a time to follow up, and record it in the "
    "log so my manager can spot trends and we improve the service. Customers who feel heard "
    "come back and recommend us, which protects the organisation's reputation and sales."
)


class _Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=17)
        return self.now


def _unit() -> Unit:
    criteria = tuple(
        Criterion(
            f"1.{n}",
            f"Explain how to handle customer complaints, part {n}",
            "Explain",
            target=True,
            questions=(
                Question(
                    id="q1",
                    text=f"Talk me through how you would handle complaint number {n}.",
                    rubric=Rubric(
                        points=(
                            RubricPoint("listen", ("hear them out",)),
                            RubricPoint("apologise", ("say sorry",)),
                            RubricPoint("put it right", ("resolve", "fix the problem")),
                            RubricPoint("follow up", ("check back",)),
                        ),
                        needed=3,
                    ),
                    model_answer="Listen, apologise, put it right and follow up.",
                ),
            ),
        )
        for n in range(1, CRITERIA + 1)
    )
    outcome = Outcome("1", "Understand complaints", OutcomeKind.KNOWLEDGE, criteria)
    return Unit(ref=UNIT, title="Principles of customer service", level=2, outcomes=(outcome,))


def build_session(folder: Path) -> tuple[Path, Path, int]:
    """(database, banks folder, session id) of a 60-turn assessment."""
    banks = folder / "banks"
    write_unit(_unit(), banks)
    bank, _ = load_bank(banks)
    db = folder / "tutor.db"
    with Store.open(db) as store:
        engine = SessionEngine(bank, store, _Clock(), random.Random(1))
        refs = [f"{UNIT} 1.{n}" for n in range(1, CRITERIA + 1)]
        session_id = engine.start_assessment(
            "Sam Patel", "Ruth Okafor", refs, centre="Northgate College", registration="X1"
        )
        while engine.next_question() is not None:
            engine.submit_answer(ANSWER)
            engine.assessor_question("Can you give me an example from your own work?")
            engine.submit_answer("Last week a customer’s £40 order was late; I said sorry…")
        engine.end()
        for ref in refs[:DECIDED]:
            engine.record.decide(ref, "met", "Clear, complete explanation with an example.")
        engine.record.give_feedback("Thorough answers.", "Move on to unit 2.")
        engine.record.declare("Sam Patel")
        engine.record.countersign("Dev Shah")
        turns = len(store.turns(session_id))
    assert turns == 60, turns
    return db, banks, session_id


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db, banks, session_id = build_session(folder)
        out = folder / "exports"
        print(f"   session of 60 turns ({CRITERIA} questions, {CRITERIA * 2} answers)")

        samples = timings(
            lambda: export_session(db, session_id, "pdf", force=True, banks=banks, directory=out),
            RUNS,
        )
        report("export_session to PDF (end to end)", samples, TARGET_MS)

        with Store.open(db, readonly=True) as store:
            record = build_record(store, session_id, load_bank(banks)[0])
        size = len(render(record, "pdf"))
        samples = timings(lambda: render(record, "pdf"), RUNS)
        report(f"PDF rendering alone ({size / 1024:.0f} KiB)", samples, TARGET_MS)

        samples = timings(
            lambda: export_session(
                db, session_id, "pdf", force=True, banks=default_banks_dir(), directory=out
            ),
            RUNS,
        )
        report("export_session to PDF, shipped banks loaded", samples, TARGET_MS)


if __name__ == "__main__":
    main()
