"""Small helpers shared by the benchmarks: timing, summary figures, generated databases."""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tutor.store.queries import Store
from tutor.store.schema import SCHEMA_VERSION

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def bench_db_path(name: str) -> Path:
    """Where a generated database is cached: the temporary folder, keyed by schema version."""
    return Path(tempfile.gettempdir()) / f"tutor-bench-{name}-v{SCHEMA_VERSION}.db"


@contextmanager
def building_db(path: Path) -> Iterator[sqlite3.Connection]:
    """A raw connection (autocommit, no fsync) to a new database with the tutor schema.

    It is built beside `path` and moved into place only when the block completes, so an
    interrupted build is never taken for a cached database.
    """
    partial = path.with_suffix(".partial")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    Store.open(partial).close()  # schema, WAL, migrations
    conn = sqlite3.connect(partial, isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous = OFF")
        yield conn
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    partial.replace(path)


def timings(fn: Callable[[], object], runs: int, warmup: int = 1) -> list[float]:
    """Wall-clock seconds of `runs` calls of fn, after `warmup` untimed calls."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def p99_ms(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))] * 1000


def report(label: str, samples: list[float], target_ms: float | None = None) -> None:
    """Print median and p99 in ms, and the ratio to a target where there is one."""
    med, p99 = median_ms(samples), p99_ms(samples)
    line = f"   {label}: median {med:.3f} ms, p99 {p99:.3f} ms (n={len(samples)})"
    if target_ms:
        line += f"; target {target_ms:g} ms, median/target {med / target_ms:.2f}"
    print(line)
