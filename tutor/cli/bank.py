"""`tutor bank check` and `tutor bank stats`."""

from __future__ import annotations

import json

import click

from tutor.banks.files import load_bank, locate_in_files
from tutor.banks.problems import Problem, errors
from tutor.banks.stats import coverage
from tutor.banks.validate import check_completeness
from tutor.cli.options import json_flag, resolve_banks


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: p.sort_key)


@click.group()
def bank() -> None:
    """Check question banks and count their coverage."""


@bank.command()
@click.argument("path", required=False, type=click.Path())
@click.option(
    "--strict",
    is_flag=True,
    help="Also require complete content for every target criterion and run the scoring "
    "self-tests (model answers met, parroted wording not met).",
)
@json_flag
@click.pass_context
def check(ctx: click.Context, path: str | None, strict: bool, as_json: bool) -> None:
    """Validate the bank files under PATH (default: the shipped banks).

    Every problem is reported as `file:line: unit/outcome/criterion path: what is wrong`,
    and the exit status is 1 if there are any. A unit file whose specification part no
    longer matches the digest `tutor import` wrote (criteria lost, wording changed) is one.

    \b
    Example:
      tutor bank check question_banks/ --strict
    """
    root = resolve_banks(ctx, path)
    bank_, problems = load_bank(root)
    if strict:
        from tutor.scoring.selftest import self_test

        problems += locate_in_files([*check_completeness(bank_), *self_test(bank_)], root)
    problems = _sorted(problems)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "ok": not problems,
                    "units": len(bank_.units),
                    "qualifications": len(bank_.qualifications),
                    "problems": [
                        {
                            "file": p.file,
                            "line": p.line,
                            "path": p.path,
                            "message": p.message,
                            "remedy": p.remedy,
                        }
                        for p in problems
                    ],
                },
                indent=2,
            )
        )
    else:
        for problem in problems:
            click.echo(str(problem))
        summary = (
            f"{len(bank_.units)} units, {len(bank_.qualifications)} qualifications: "
            + (f"{len(problems)} problem(s)" if problems else "no problems")
        )
        click.echo(summary, err=bool(problems))
    ctx.exit(1 if problems else 0)


@bank.command()
@click.argument("path", required=False, type=click.Path())
@json_flag
@click.pass_context
def stats(ctx: click.Context, path: str | None, as_json: bool) -> None:
    """Count units, outcomes, criteria and question coverage per qualification.

    A criterion is complete when one of its questions has a rubric of at least three
    points, a model answer, follow-ups and a hint. Counts of a bank with problems in its
    files are not to be trusted: each problem is shown (on stderr) and the exit status is 1.
    """
    bank_, problems = load_bank(resolve_banks(ctx, path))
    problems = _sorted(errors(problems))
    per_qualification, total = coverage(bank_)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "qualifications": [c.to_dict() for c in per_qualification],
                    "bank": total.to_dict(),
                    "problems": len(problems),
                },
                indent=2,
            )
        )
    else:
        header = f"{'qualification':<14}{'units':>6}{'LOs':>6}{'ACs':>6}{'know':>6}"
        header += f"{'target':>8}{'quest':>7}{'rubric':>8}{'complete':>10}"
        click.echo(header)
        for c in [*per_qualification, total]:
            click.echo(
                f"{c.number or '(no number)':<14}{c.units:>6}{c.outcomes:>6}{c.criteria:>6}"
                f"{c.knowledge_criteria:>6}{c.target_criteria:>8}{c.with_question:>7}"
                f"{c.with_rubric:>8}{c.complete:>6} {c.percent_complete:>3.0f}%"
            )
    for problem in problems:
        click.echo(problem.refusal, err=True)
    ctx.exit(1 if problems else 0)
