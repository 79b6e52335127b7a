"""Calibration: how closely machine scores follow human marks on a file of marked answers.

Pure statistics (Pearson, Spearman, RMSE after a least-squares line, quadratic weighted
kappa, met/not-met accuracy) and a runner that scores every row of a CSV, either against a
rubric drafted from a reference answer in the row, or against a criterion's bank rubric.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutor.banks.model import Rubric
from tutor.errors import TutorError
from tutor.scoring.draft import draft_rubric
from tutor.scoring.result import Judgement, Score
from tutor.scoring.scorer import score_answer


class CalibrationError(TutorError):
    """A calibration file or option that cannot be used."""


# --- statistics -------------------------------------------------------------------------


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Pearson's r; 0 when either side does not vary."""
    mx, my = mean(xs), mean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy) if sxx > 0 and syy > 0 else 0.0


def ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks, ties sharing their average rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            result[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return result


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Spearman's ρ: Pearson's r of the ranks."""
    return pearson(ranks(xs), ranks(ys))


def linear_fit(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float]:
    """Least-squares (slope, intercept) of ys on xs."""
    mx, my = mean(xs), mean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return 0.0, my
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    return slope, my - slope * mx


def rmse(predicted: Sequence[float], actual: Sequence[float]) -> float:
    pairs = list(zip(predicted, actual, strict=True))
    return math.sqrt(sum((p - a) ** 2 for p, a in pairs) / len(pairs)) if pairs else 0.0


def quadratic_weighted_kappa(a: Sequence[int], b: Sequence[int], lo: int, hi: int) -> float:
    """Cohen's kappa with quadratic weights between two ratings on the scale lo..hi."""
    k = hi - lo + 1
    if k <= 1 or not a:
        return 1.0
    observed = [[0.0] * k for _ in range(k)]
    for x, y in zip(a, b, strict=True):
        observed[x - lo][y - lo] += 1
    n = len(a)
    row = [sum(r) for r in observed]
    col = [sum(observed[i][j] for i in range(k)) for j in range(k)]
    num = den = 0.0
    for i in range(k):
        for j in range(k):
            weight = (i - j) ** 2 / (k - 1) ** 2
            num += weight * observed[i][j]
            den += weight * row[i] * col[j] / n
    return 1.0 - num / den if den else 1.0


# --- reading a file ---------------------------------------------------------------------


@dataclass(frozen=True)
class MarkedAnswer:
    """One row of a calibration file: an answer, its human mark, and what it answers."""

    row: int  # line number in the file, for messages
    answer: str
    gold: float
    reference: str = ""
    criterion: str = ""
    question: str = ""


def parse_scale(text: str) -> tuple[float, float]:
    """ "0-5" -> (0.0, 5.0)."""
    lo, sep, hi = text.strip().partition("-")
    try:
        low, high = float(lo), float(hi)
    except ValueError:
        low = high = math.nan
    if not sep or math.isnan(low) or math.isnan(high) or high <= low:
        raise CalibrationError(f"scale {text!r} is not LO-HI with LO < HI, e.g. 0-5")
    return low, high


def read_marked_answers(
    path: Path,
    answer_col: str,
    gold_col: str,
    reference_col: str | None = None,
    criterion_col: str | None = None,
    question_col: str | None = None,
) -> list[MarkedAnswer]:
    """The rows of a CSV file, checked: every column named exists, every mark is a number."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle, strict=True)
            columns = reader.fieldnames or []
            if not columns:
                raise CalibrationError(f"{path}: the file is empty: it needs a header row")
            wanted = [
                c for c in (answer_col, gold_col, reference_col, criterion_col, question_col) if c
            ]
            for name in wanted:
                if name not in columns:
                    raise CalibrationError(
                        f"{path}: no column {name!r}; the columns are {', '.join(columns)}"
                    )
            rows = []
            for record in reader:
                rows.append(
                    _marked(
                        path,
                        reader.line_num,
                        record,
                        answer_col,
                        gold_col,
                        reference_col,
                        criterion_col,
                        question_col,
                    )
                )
    except OSError as exc:
        raise CalibrationError(f"{path}: cannot read it ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise CalibrationError(f"{path}: not UTF-8 text; save it as UTF-8 CSV") from exc
    except csv.Error as exc:
        raise CalibrationError(f"{path}: not a well-formed CSV file ({exc})") from exc
    if not rows:
        raise CalibrationError(f"{path}: no rows under the header: nothing to calibrate")
    return rows


def _marked(
    path: Path,
    line: int,
    record: dict[str, Any],
    answer_col: str,
    gold_col: str,
    reference_col: str | None,
    criterion_col: str | None,
    question_col: str | None,
) -> MarkedAnswer:
    if None in record:
        raise CalibrationError(f"{path}: row at line {line} has more fields than the header")
    raw_gold = (record.get(gold_col) or "").strip()
    try:
        gold = float(raw_gold)
    except ValueError:
        gold = math.nan
    if not math.isfinite(gold):
        raise CalibrationError(f"{path}: line {line}: {gold_col} is {raw_gold!r}, not a number")
    return MarkedAnswer(
        row=line,
        answer=record.get(answer_col) or "",
        gold=gold,
        reference=(record.get(reference_col) or "") if reference_col else "",
        criterion=(record.get(criterion_col) or "") if criterion_col else "",
        question=(record.get(question_col) or "") if question_col else "",
    )


# --- the run ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """What an answer is scored against."""

    rubric: Rubric
    verb: str = ""
    prompts: tuple[str, ...] = ()
    label: str = ""  # the reference answer or the criterion, as the report names it


@dataclass
class PointReport:
    """Where the machine and the human disagreed, for one rubric point."""

    rubric: str
    point: str
    matched: int = 0
    missed_positives: list[int] = field(default_factory=list)  # rows: human high, machine low
    missed_negatives: list[int] = field(default_factory=list)  # rows: human low, machine high

    def to_dict(self) -> dict[str, Any]:
        return {
            "rubric": self.rubric,
            "point": self.point,
            "matched": self.matched,
            "missed_positives": self.missed_positives,
            "missed_negatives": self.missed_negatives,
        }


@dataclass(frozen=True)
class CalibrationReport:
    n: int
    pearson_r: float
    spearman_rho: float
    rmse: float
    qwk: float
    accuracy: float
    slope: float
    intercept: float
    scale: tuple[float, float]
    points: tuple[PointReport, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "pearson_r": round(self.pearson_r, 4),
            "spearman_rho": round(self.spearman_rho, 4),
            "rmse": round(self.rmse, 4),
            "qwk": round(self.qwk, 4),
            "accuracy": round(self.accuracy, 4),
            "mapping": {"slope": round(self.slope, 4), "intercept": round(self.intercept, 4)},
            "scale": list(self.scale),
            "points": [p.to_dict() for p in self.points],
        }


def reference_target(reference: str, question: str = "") -> Target:
    """A rubric drafted from a reference answer, one point per content word."""
    return Target(
        draft_rubric(reference, phrases=False),
        prompts=(question,) if question else (),
        label=reference,
    )


# Rows where the fitted machine mark is this share of the scale away from the human's are
# reported per point.
DISAGREEMENT = 0.3
_EXAMPLES_PER_POINT = 5


def calibrate(
    rows: Sequence[MarkedAnswer],
    target_of: Callable[[MarkedAnswer], Target],
    scale: tuple[float, float] | None = None,
    on_row: Callable[[], None] | None = None,
) -> CalibrationReport:
    """Score every row against its target and compare the scores with the human marks."""
    if not rows:
        raise CalibrationError("no rows to calibrate")
    lo, hi = scale if scale else (min(r.gold for r in rows), max(r.gold for r in rows))
    if hi <= lo:
        hi = lo + 1.0
    scored: list[tuple[MarkedAnswer, Target, Score]] = []
    for row in rows:
        target = target_of(row)
        scored.append(
            (row, target, score_answer(row.answer, target.rubric, target.verb, target.prompts))
        )
        if on_row:
            on_row()
    machine = [s.score for _, _, s in scored]
    gold = [r.gold for r in rows]
    slope, intercept = linear_fit(machine, gold)
    fitted = [min(hi, max(lo, slope * m + intercept)) for m in machine]
    low, high = math.floor(lo), math.ceil(hi)
    kappa = quadratic_weighted_kappa(
        [_clamp_round(g, low, high) for g in gold],
        [_clamp_round(f, low, high) for f in fitted],
        low,
        high,
    )
    midpoint = (lo + hi) / 2
    agree = sum(
        (g >= midpoint) == (s.judgement is Judgement.MET)
        for g, (_, _, s) in zip(gold, scored, strict=True)
    )
    return CalibrationReport(
        n=len(rows),
        pearson_r=pearson(machine, gold),
        spearman_rho=spearman(machine, gold),
        rmse=rmse([slope * m + intercept for m in machine], gold),
        qwk=kappa,
        accuracy=agree / len(rows),
        slope=slope,
        intercept=intercept,
        scale=(lo, hi),
        points=_point_reports(scored, fitted, (lo, hi)),
    )


def _clamp_round(value: float, lo: int, hi: int) -> int:
    return min(hi, max(lo, math.floor(value + 0.5)))


def _point_reports(
    scored: Sequence[tuple[MarkedAnswer, Target, Score]],
    fitted: Sequence[float],
    scale: tuple[float, float],
) -> tuple[PointReport, ...]:
    """Per point, the rows where the machine was well below the human while the point was
    missed (it may need alternatives) or well above while it matched (it may be too loose)."""
    gap = DISAGREEMENT * (scale[1] - scale[0])
    reports: dict[tuple[str, str], PointReport] = {}
    for (row, target, score), machine in zip(scored, fitted, strict=True):
        for result in score.points:
            key = (target.label, result.text)
            report = reports.setdefault(key, PointReport(target.label, result.text))
            report.matched += result.matched
            if machine < row.gold - gap and not result.matched:
                report.missed_positives.append(row.row)
            elif machine > row.gold + gap and result.matched:
                report.missed_negatives.append(row.row)
    flagged = [r for r in reports.values() if r.missed_positives or r.missed_negatives]
    flagged.sort(key=lambda r: -(len(r.missed_positives) + len(r.missed_negatives)))
    for report in flagged:
        report.missed_positives = report.missed_positives[:_EXAMPLES_PER_POINT]
        report.missed_negatives = report.missed_negatives[:_EXAMPLES_PER_POINT]
    return tuple(flagged)
