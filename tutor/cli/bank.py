"""`tutor bank check` and `tutor bank stats`."""

from __future__ import annotations

import json

import click

from tutor.banks.files import load_bank, locate_in_files
from tutor.banks.problems import Problem, errors, warnings
from tutor.banks.revoked import revoked_law_in_bank
from tutor.banks.stats import coverage
from tutor.banks.validate import check_completeness
from tutor.cli.options import json_flag, resolve_banks
from tutor.scoring import responses as marking
from tutor.scoring.responses import (
    MIN_AGREEING,
    MIN_AGREEMENT_PERCENT,
    MIN_RESPONSES,
    RESPONSES_REQUIRED,
    ResponseCheck,
)


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
    help="Also require complete content for every target criterion, run the scoring "
    "self-tests (model answers met, parroted wording not met), hold the marked responses "
    f"to {MIN_AGREEMENT_PERCENT}% agreement and every question with responses to "
    f"{MIN_AGREEING} of at least {MIN_RESPONSES}, and fail on warnings too.",
)
@json_flag
@click.pass_context
def check(ctx: click.Context, path: str | None, strict: bool, as_json: bool) -> None:
    """Validate the bank files under PATH (default: the shipped banks).

    Every problem is reported as `file:line: unit/outcome/criterion path: what is wrong`,
    and the exit status is 1 if there are any. A unit file whose specification part no
    longer matches the digest `tutor import` wrote (criteria lost, wording changed) is one.
    A question, model answer, hint, follow-up or rubric point that names a law revoked
    since it was written (the bank's revoked.yaml) is a warning: it fails only --strict.

    Each question's marked test responses are scored as a session scores an answer: each
    judged otherwise than marked is listed with its line, then the agreement overall, per
    qualification and per unit. Judgements are kept in the cache folder, so a check scores
    again only the responses whose question or text changed.

    \b
    Example:
      tutor bank check question_banks/ --strict
    """
    from tutor.scoring.response_cache import check_responses
    from tutor.settings import cache_dir

    root = resolve_banks(ctx, path)
    bank_, problems = load_bank(root)
    problems += revoked_law_in_bank(bank_, root)
    responses = check_responses(bank_, root, cache_dir())
    if strict:
        from tutor.scoring.selftest import self_test

        problems += locate_in_files(
            [*check_completeness(bank_), *self_test(bank_), *responses.shortfalls(root.name)],
            root,
        )
    problems = _sorted(problems)
    failed = bool(problems) if strict else bool(errors(problems))
    if as_json:
        click.echo(
            json.dumps(
                {
                    "ok": not failed,
                    "units": len(bank_.units),
                    "qualifications": len(bank_.qualifications),
                    "problems": [
                        {
                            "file": p.file,
                            "line": p.line,
                            "path": p.path,
                            "severity": p.severity,
                            "message": p.message,
                            "remedy": p.remedy,
                        }
                        for p in problems
                    ],
                    "responses": responses.to_dict(),
                },
                indent=2,
            )
        )
    else:
        for problem in problems:
            click.echo(str(problem))
        for line in _response_report(responses):
            click.echo(line)
        click.echo(
            f"{len(bank_.units)} units, {len(bank_.qualifications)} qualifications: "
            + _counted(problems),
            err=failed,
        )
    ctx.exit(1 if failed else 0)


def _counted(problems: list[Problem]) -> str:
    """How many problems and warnings there are, as the summary line gives them."""
    counts = [
        f"{n} {what}(s)"
        for n, what in ((len(errors(problems)), "problem"), (len(warnings(problems)), "warning"))
        if n
    ]
    return ", ".join(counts) or "no problems"


def _response_report(check: ResponseCheck) -> list[str]:
    """Each response judged otherwise than expected, then agreement overall, per
    qualification and per unit with responses."""
    overall = check.overall
    waiting = overall.questions - overall.questions_with_responses
    not_yet = "" if RESPONSES_REQUIRED else " (not yet required by --strict)"
    if not overall.total:
        return [
            f"marked responses: none yet, questions with responses 0 of {overall.questions}"
            + not_yet
        ]
    lines = [str(m) for m in check.disagreements]
    lines.append(f"marked responses: {overall}")
    lines += [f"  qualification {n}: {a}" for n, a in check.by_qualification.items()]
    lines += [f"  unit {ref}: {a}" for ref, a in check.by_unit.items() if a.total]
    if waiting:
        units = sum(a.questions_with_responses < a.questions for a in check.by_unit.values())
        lines.append(f"  no responses yet: questions {waiting}, units {units}{not_yet}")
    if not marking.AGREEMENT_REQUIRED:
        short = sum(1 for q in check.questions if q.marked and not q.agreeing_enough)
        lines.append(
            f"  agreement target {MIN_AGREEMENT_PERCENT}% overall and {MIN_AGREEING} of "
            f"{MIN_RESPONSES} a question (questions short of it: {short}): not yet required "
            "by --strict, while the rubrics are repaired"
        )
    return lines


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
        header += f"{'target':>8}{'quest':>7}{'rubric':>8}{'complete':>10}{'kept':>6}"
        click.echo(header)
        for c in [*per_qualification, total]:
            click.echo(
                f"{c.number or '(no number)':<14}{c.units:>6}{c.outcomes:>6}{c.criteria:>6}"
                f"{c.knowledge_criteria:>6}{c.target_criteria:>8}{c.with_question:>7}"
                f"{c.with_rubric:>8}{c.complete:>6} {c.percent_complete:>3.0f}%"
                f"{c.with_assessment_only:>6}"
            )
        click.echo(
            "kept: target criteria with a question kept for assessments (never practised) "
            "beside one to practise on"
        )
    for problem in problems:
        click.echo(problem.refusal, err=True)
    ctx.exit(1 if problems else 0)
