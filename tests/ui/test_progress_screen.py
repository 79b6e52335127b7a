"""The progress screen: coverage map with symbols, charts, the opt-in streak."""

from __future__ import annotations

import random

import pytest

from tests.sessions.practice_fixtures import BAD, practise
from tests.sessions.session_fixtures import COMPLAINTS, PURPOSE, tiny_bank
from tests.ui.pilot_steps import ready, type_text
from tutor.scoring.result import Judgement, PointResult, Score
from tutor.sessions.engine import SessionEngine
from tutor.sessions.schedule import streak_enabled
from tutor.store.queries import Store
from tutor.ui.screens.progress import ProgressScreen
from tutor.ui.widgets.coverage_map import CoverageMap
from tutor.ui.widgets.progress_charts import PracticeChart, UnitScores
from tutor.ui.widgets.streak import StreakToggle


def all_or_nothing(text, rubric, verb, context) -> Score:
    """Every point for a good answer, none for BAD: the snapshot pins the screen, not the
    scorer's figures (which have tests of their own)."""
    good = text != BAD
    points = tuple(
        PointResult(p.text, good, None, 100.0 if good else 0.0, (), False) for p in rubric.points
    )
    missed = () if good else tuple(p.text for p in rubric.points)
    judgement = Judgement.MET if good else Judgement.NOT_YET_MET
    return Score(float(good), judgement, points, missed, "Fixed feedback.", False, False)


def weeks_of_practice(db_path, banks_dir, clock, scorer=None) -> None:
    """Ann practises each morning for a week and a half, failing the purpose question
    every third day, then is assessed on complaints (met)."""
    with Store.open(db_path) as store:
        bank = tiny_bank(banks_dir)
        engine = SessionEngine(bank, store, clock, random.Random(1), scorer=scorer)
        for day in range(10):
            answers = {PURPOSE: BAD} if day % 3 == 0 else None
            practise(engine, clock, [PURPOSE, COMPLAINTS], answers, learner="Ann Example")
            clock.advance(86400)
        engine.start_assessment("Ann Example", "Mary Cole", [COMPLAINTS])
        engine.next_question()
        engine.submit_answer("I listen, say sorry and fix the problem.")
        engine.end()
        engine.record.decide(COMPLAINTS, "met", "complete answer")


async def open_progress(pilot, learner: str) -> ProgressScreen:
    await ready(pilot)
    await pilot.press("ctrl+l")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ProgressScreen)
    await type_text(pilot, learner)
    await pilot.press("enter")
    await pilot.pause()
    return screen


async def test_progress_shows_each_criterion_with_symbol_decision_and_due_mark(
    make_app, db_path, banks_dir, clock
):
    weeks_of_practice(db_path, banks_dir.parent / "bank2", clock)
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_progress(pilot, "Ann Example")
        coverage = screen.query_one(CoverageMap)
        progress = coverage.progress
        assert progress is not None and progress.learner == "Ann Example"
        text = str(coverage.render())
        rows = {c.ref: c for u in progress.units for c in u.criteria}
        for row in rows.values():
            mark = "!" if row.due_today else ""
            letter = "M" if row.decision == "met" else ""
            assert f"{row.symbol}{row.id}{letter}{mark}" in text
        assert rows[COMPLAINTS].decision == "met"
        assert "✓ secure" in text and "~ practising" in text and "· not started" in text
        assert f"; {progress.due_today} due today" in str(screen.query_one("#summary").render())
        chart = screen.query_one(PracticeChart)
        assert "20 answers on 10 days" in str(chart.query_one(".chart-title").render())
        scores = str(screen.query_one(UnitScores).render())
        assert "J/506/2132" in scores and "%" in scores


async def test_the_streak_is_off_until_the_learner_turns_it_on(make_app, db_path, banks_dir, clock):
    weeks_of_practice(db_path, banks_dir.parent / "bank2", clock)
    clock.advance(-86400)  # the morning after the last practice: the streak still stands
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_progress(pilot, "Ann Example")
        toggle = screen.query_one(StreakToggle)
        assert toggle.streak is None
        assert "Streak: off" in str(toggle.query_one("#streak-label").render())
        await pilot.click("#streak-switch")
        await pilot.pause()
        await pilot.pause()
        toggle = screen.query_one(StreakToggle)
        assert toggle.streak == 10
        assert "Streak: 10 days" in str(toggle.query_one("#streak-label").render())
        assert streak_enabled(app.store, "Ann Example")


@pytest.mark.parametrize(
    "size", [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
)
def test_progress_screen(snap_compare, make_app, db_path, banks_dir, clock, size):
    weeks_of_practice(db_path, banks_dir.parent / "bank2", clock, scorer=all_or_nothing)

    async def show(pilot):
        await open_progress(pilot, "Ann Example")

    assert snap_compare(make_app(), terminal_size=size, run_before=show)
