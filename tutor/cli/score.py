"""`tutor score`, `tutor rubric draft` and `tutor calibrate`: the scorer from the shell."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import click

from tutor.banks.files import dump_yaml, rubric_data
from tutor.banks.model import Bank, Criterion, Question
from tutor.banks.refs import CriterionRef
from tutor.banks.verbs import command_verb
from tutor.cli.options import banks_option, json_flag, load_banks
from tutor.cli.stdin import read_text
from tutor.errors import TutorError, UnknownCriterion
from tutor.text import visible


def _text_argument(value: str, what: str) -> str:
    """The value itself, or standard input (UTF-8) for "-"."""
    return read_text(sys.stdin, what) if value == "-" else value


def _verb(criterion: Criterion) -> str:
    return criterion.verb or command_verb(criterion.text)


def find_question(bank: Bank, reference: str) -> tuple[CriterionRef, Criterion, Question]:
    """The criterion named "UNIT_REF AC" and its first question that has a rubric."""
    ref = CriterionRef.parse(reference)
    unit = bank.unit(ref.unit)
    if unit is None:
        raise UnknownCriterion(f"unit {ref.unit} is not in the question banks")
    criterion = unit.criterion(ref.criterion)
    if criterion is None:
        raise UnknownCriterion(f"unit {unit.ref} has no criterion {ref.criterion}")
    ref = CriterionRef(unit.ref, criterion.id)
    for question in criterion.questions:
        if question.rubric.points:
            return ref, criterion, question
    raise UnknownCriterion(f"criterion {ref} has no question with a rubric to score against")


@click.command("score")
@click.argument("criterion")
@click.option("--answer", required=True, help='The answer to score ("-" reads standard input).')
@banks_option
@json_flag
@click.pass_context
def score(
    ctx: click.Context, criterion: str, answer: str, banks: str | None, as_json: bool
) -> None:
    """Score an ANSWER against CRITERION's rubric, e.g. "J/506/2132 1.1".

    \b
    Example:
      tutor score "J/506/2132 1.1" --answer "I would apologise because ..."
    """
    from tutor.scoring import score_answer
    from tutor.scoring.specificity import bank_vocabulary

    bank = load_banks(ctx, banks)
    ref, found, question = find_question(bank, criterion)
    text = _text_argument(answer, "the answer")
    result = score_answer(
        text,
        question.rubric,
        _verb(found),
        (question.text, found.text),
        vocabulary=bank_vocabulary(bank),
    )
    if as_json:
        click.echo(json.dumps({"criterion": str(ref), **result.to_dict()}, indent=2))
        return
    click.echo(f"{ref}: {result.summary}")
    for point in result.points:
        if point.matched:
            words = ", ".join(f"“{e.text}”" for e in point.evidence)
            click.echo(visible(f"  ✓ {point.text}: {words}", one_line=True))
        else:
            note = " (said under a negation)" if point.negated else ""
            click.echo(f"  ✗ {point.text}{note}")
    click.echo(visible(result.feedback))


@click.group("rubric")
def rubric() -> None:
    """Draft rubrics for question banks."""


@rubric.command("draft")
@click.argument("text")
@json_flag
def draft(text: str, as_json: bool) -> None:
    """Draft rubric points from a model answer TEXT ("-" reads standard input).

    Prints YAML to paste under a question's `rubric:` key (or JSON with --json); edit the
    points, add alternatives and mark required ones before using it.
    """
    from tutor.scoring.draft import draft_rubric

    drafted = draft_rubric(_text_argument(text, "the model answer"))
    if not drafted.points:
        raise TutorError("the text has no content words to draft rubric points from")
    data = {"rubric": rubric_data(drafted)}
    click.echo(json.dumps(data, indent=2) if as_json else dump_yaml(data), nl=as_json)


# Quadratic weighted kappa compares marks on a grid of (HI - LO + 1)² cells.
MAX_SCALE_MARKS = 1000


@click.command("calibrate")
@click.argument("csv_file", metavar="CSV", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--answer-col", required=True, help="Column holding the answers.")
@click.option("--gold-col", required=True, help="Column holding the human marks.")
@click.option("--reference-col", help="Column holding a reference answer to draft a rubric from.")
@click.option("--criterion-col", help='Column holding a criterion ("J/506/2132 1.1").')
@click.option("--question-col", help="Column holding the question (its words earn less).")
@click.option("--scale", help="The marks' scale as LO-HI, e.g. 0-5 (default: lowest-highest).")
@banks_option
@json_flag
@click.pass_context
def calibrate(
    ctx: click.Context,
    csv_file: Path,
    answer_col: str,
    gold_col: str,
    reference_col: str | None,
    criterion_col: str | None,
    question_col: str | None,
    scale: str | None,
    banks: str | None,
    as_json: bool,
) -> None:
    """Compare machine scores with human marks in a CSV file of marked answers.

    Each answer is scored against a rubric drafted from --reference-col, or against the
    bank rubric of the criterion in --criterion-col. Prints Pearson r, Spearman ρ, RMSE
    (after fitting a line from score to mark), quadratic weighted kappa, met/not-met
    accuracy, and the rubric points behind the largest disagreements.

    \b
    Example:
      tutor calibrate marks.csv --answer-col answer --gold-col mark \\
        --reference-col model_answer --scale 0-5
    """
    from tutor.scoring import calibrate as cal

    if (reference_col is None) == (criterion_col is None):
        raise click.UsageError("give one of --reference-col or --criterion-col")
    bounds = cal.parse_scale(scale) if scale else None
    if bounds and not bounds[1] - bounds[0] <= MAX_SCALE_MARKS:
        raise cal.CalibrationError(
            f"scale {scale!r} spans more than {MAX_SCALE_MARKS:,} marks; give a scale such as "
            "0-5 or 0-100"
        )
    rows = cal.read_marked_answers(
        csv_file, answer_col, gold_col, reference_col, criterion_col, question_col
    )
    if bounds is None:
        low, high = min(r.gold for r in rows), max(r.gold for r in rows)
        if high - low > MAX_SCALE_MARKS:
            raise cal.CalibrationError(
                f"{csv_file}: the marks run from {low:g} to {high:g}, too wide a scale to "
                f"compare (at most {MAX_SCALE_MARKS:,} marks); give --scale LO-HI"
            )
    target_of = _reference_targets() if reference_col else _criterion_targets(ctx, banks, csv_file)
    show_progress = len(rows) > 200 and sys.stderr.isatty()
    bar = (
        click.progressbar(length=len(rows), label="Scoring", file=sys.stderr)
        if show_progress
        else nullcontext(None)
    )
    with bar as progress:
        report = cal.calibrate(
            rows, target_of, bounds, on_row=(lambda: progress.update(1)) if progress else None
        )
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
        return
    lo, hi = report.scale
    click.echo(f"answers:       {report.n}")
    click.echo(f"Pearson r:     {report.pearson_r:.3f}")
    click.echo(f"Spearman ρ:    {report.spearman_rho:.3f}")
    click.echo(
        f"RMSE:          {report.rmse:.3f}  (mark ≈ {report.slope:.2f} × score "
        f"{report.intercept:+.2f}, scale {lo:g}-{hi:g})"
    )
    click.echo(f"QWK:           {report.qwk:.3f}")
    click.echo(f"accuracy:      {report.accuracy:.3f}  (met vs mark ≥ {(lo + hi) / 2:g})")
    if report.points:
        click.echo(
            "points behind the largest disagreements (rows: human high/machine low; "
            "human low/machine high):"
        )
        for point in report.points[:10]:
            click.echo(
                f"  {point.point!r} in {_short(point.rubric)}: "
                f"missed {_rows(point.missed_positives)}; too loose {_rows(point.missed_negatives)}"
            )


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= width else text[: width - 1] + "…")


def _rows(rows: list[int]) -> str:
    return ", ".join(map(str, rows)) if rows else "-"


def _reference_targets() -> Callable[[Any], Any]:
    from functools import lru_cache

    from tutor.scoring.calibrate import reference_target

    cached = lru_cache(maxsize=None)(reference_target)
    return lambda row: cached(row.reference, row.question)


def _criterion_targets(
    ctx: click.Context, banks: str | None, csv_file: Path
) -> Callable[[Any], Any]:
    from tutor.scoring.calibrate import CalibrationError, Target

    bank = load_banks(ctx, banks)
    targets: dict[tuple[str, str], Target] = {}

    def target_of(row: Any) -> Target:
        key = (row.criterion, row.question)
        if key not in targets:
            try:
                ref, criterion, question = find_question(bank, row.criterion)
            except TutorError as exc:
                raise CalibrationError(f"{csv_file}: line {row.row}: {exc}") from exc
            prompts = (question.text, criterion.text, *((row.question,) if row.question else ()))
            targets[key] = Target(question.rubric, _verb(criterion), prompts, str(ref))
        return targets[key]

    return target_of
