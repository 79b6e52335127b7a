"""Small helpers shared by the benchmarks: timing and summary figures."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


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
