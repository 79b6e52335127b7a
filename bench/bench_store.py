"""Transcript store at scale: 100k sessions / 2M turns; one learner's sessions and history.

The database is generated once (executemany in large transactions) and cached in the
temporary folder, keyed by schema version. Turn hashes in it are placeholders: the bench
times reads, not verification. The full-text triggers are dropped while loading and put
back afterwards without indexing the generated text (search is not timed here).
"""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import bench_db_path, building_db, report, timings
from tutor.store.queries import Store

SESSIONS = 100_000
TURNS_PER_SESSION = 20
LEARNERS = 1_000
CRITERIA = [f"J/506/2132 {lo}.{ac}" for lo in range(1, 5) for ac in range(1, 6)]
TARGET_MS = 100.0


def build(path: Path) -> None:
    """Generate the database: learners, questions, sessions and their turns."""
    with building_db(path) as conn:
        _fill(conn)


def _fill(conn: sqlite3.Connection) -> None:
    rng = random.Random(2026)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    stamp = "2024-01-01T00:00:00.000Z"
    triggers = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'turns'"
    ).fetchall()
    for name in ("turns_ai", "turns_ad", "turns_au"):
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO learners (id, name, created_at) VALUES (?, ?, ?)",
        [(i, f"learner {i:04d}", stamp) for i in range(1, LEARNERS + 1)],
    )
    hashes = {}
    for criterion in CRITERIA:
        digest = hashlib.sha256(criterion.encode()).hexdigest()
        hashes[criterion] = digest
        unit, cid = criterion.split(" ")
        conn.execute(
            "INSERT INTO questions VALUES (?, ?, ?, 'q1', ?, '{}', ?)",
            (digest, unit, cid, f"A question on {criterion}", stamp),
        )
    conn.execute("COMMIT")
    turn_id = 0
    batch = 5_000
    for first in range(1, SESSIONS + 1, batch):
        sessions, turns = [], []
        for sid in range(first, min(first + batch, SESSIONS + 1)):
            began = start + timedelta(minutes=sid * 7)
            asked = rng.sample(CRITERIA, 6)
            sessions.append(
                (
                    sid,
                    rng.randint(1, LEARNERS),
                    "practice",
                    json.dumps(asked),
                    "[]",
                    "ended",
                    began.isoformat().replace("+00:00", "Z"),
                    "x" * 64,
                )
            )
            events = [("start", None, None)]
            for criterion in asked:
                score = round(rng.random(), 4)
                events += [
                    ("question", criterion, None),
                    ("answer", criterion, json.dumps({"score": score, "judgement": "partly_met"})),
                    ("feedback", criterion, None),
                ]
            events.append(("end", None, None))
            for seq, (kind, criterion, score) in enumerate(events, 1):
                turn_id += 1
                at = (began + timedelta(seconds=seq * 30)).isoformat().replace("+00:00", "Z")
                turns.append(
                    (
                        turn_id,
                        sid,
                        seq,
                        at,
                        kind,
                        "learner",
                        criterion,
                        hashes.get(criterion or ""),
                        f"{kind} text {turn_id}",
                        score,
                        "p" * 64,
                        "h" * 64,
                    )
                )
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO sessions (id, learner_id, mode, planned_criteria, question_plan, "
            "status, started_at, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            sessions,
        )
        conn.executemany("INSERT INTO turns VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", turns)
        conn.execute("COMMIT")
    for (sql,) in triggers:
        conn.execute(sql)
    conn.execute("ANALYZE")


def main() -> None:
    path = bench_db_path("store")
    if not path.exists():
        started = time.perf_counter()
        build(path)
        print(f"   built {path} in {time.perf_counter() - started:.1f} s")
    with Store.open(path, readonly=True) as store:
        sessions = store.conn.execute("SELECT count(*) FROM sessions").fetchone()[0]
        turns = store.conn.execute("SELECT max(id) FROM turns").fetchone()[0]
        print(f"   {sessions:,} sessions, {turns:,} turns, {path.stat().st_size / 1e6:.0f} MB")
        rng = random.Random(1)
        learners = [f"learner {rng.randint(1, LEARNERS):04d}" for _ in range(200)]
        picks = iter(learners * 10)
        listed = store.list_sessions(learners[0])
        history = store.criterion_history(learners[0])
        print(
            f"   one learner: {len(listed)} sessions, {sum(map(len, history.values()))} "
            f"scored answers over {len(history)} criteria"
        )
        report(
            "list one learner's sessions",
            timings(lambda: store.list_sessions(next(picks)), runs=200),
            TARGET_MS,
        )
        report(
            "one learner's per-criterion history",
            timings(lambda: store.criterion_history(next(picks)), runs=200),
            TARGET_MS,
        )
        report(
            "both together (what a progress view needs)",
            timings(
                lambda: (store.list_sessions(n := next(picks)), store.criterion_history(n)),
                runs=200,
            ),
            TARGET_MS,
        )
        report(
            "list the newest 50 sessions of all learners",
            timings(lambda: store.list_sessions(limit=50), runs=50),
            TARGET_MS,
        )


if __name__ == "__main__":
    main()
