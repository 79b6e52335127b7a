"""What the assessor and the learner see of a judgement, on the shipped question banks: a
criterion judged on every answer to its question, one answer per line on the decision card
with its own reading and its own override, the decision screen's keys, and the learner's
declaration made in the learner's own turn."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from textual.widgets import Select

from tests.sessions.session_fixtures import FakeClock
from tests.ui.pilot_steps import answer, ready, screen_text, type_text
from tutor.store.queries import Store
from tutor.ui.app import TutorApp, create_app
from tutor.ui.screens.chat import ChatScreen
from tutor.ui.screens.decision import DecisionScreen
from tutor.ui.screens.declaration import DeclarationScreen
from tutor.ui.screens.help import help_content
from tutor.ui.widgets.decision_card import AnswerView, DecisionCard, FieldBox
from tutor.ui.widgets.feedback_view import FeedbackView

SHIPPED = Path(__file__).parents[2] / "question_banks"
SERVICE_OFFER = "J/506/2132 1.2"  # Define the term 'service offer'
OFFER_VALUE = "J/506/2132 1.3"  # Explain the value of a 'service offer' to an organisation
MAIN = "It is the limits of the service and what customers can expect to receive."
FOLLOW_UP = "Our range of products, the prices, and extras like free delivery."


@pytest.fixture
def make_app(tmp_path: Path):
    def make() -> TutorApp:
        return create_app(tmp_path / "tutor.db", SHIPPED, clock=FakeClock(), rng=random.Random(3))

    return make


async def start(pilot, criterion: str, *, assessor: str = "") -> ChatScreen:
    """A session on one criterion of the shipped bank, opened as the start screen would."""
    await ready(pilot)
    app = pilot.app
    engine = app.new_engine()
    if assessor:
        engine.start_assessment("Ben Adams", assessor, [criterion])
    else:
        engine.start_practice("Ben Adams", [criterion])
    app.open_session(engine)
    await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, ChatScreen)
    return app.screen


async def to_decisions(pilot, name: str | None = "Ben Adams") -> DecisionScreen:
    """End the assessment; the learner declares (or leaves it), then the decisions."""
    await pilot.press("f10", "y")
    await pilot.pause()
    assert isinstance(pilot.app.screen, DeclarationScreen)
    if name is None:
        await pilot.press("escape")
    else:
        await answer(pilot, name)
    await pilot.pause()
    assert isinstance(pilot.app.screen, DecisionScreen)
    return pilot.app.screen


async def choose(pilot, option_index: int) -> None:
    """Open the focused Select and take the option at `option_index` (0 is the prompt)."""
    await pilot.press("enter", *["down"] * option_index, "enter")


async def test_a_follow_up_answer_keeps_the_points_already_made(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(110, 40)) as pilot:
        chat = await start(pilot, OFFER_VALUE)
        await answer(
            pilot,
            "A clear service offer makes us stand out from competitors, which attracts new "
            "customers, and it keeps customers coming back because they know what to expect, "
            "so they stay loyal.",
        )
        first = str(chat.query(FeedbackView).last().render())
        assert first.startswith("Met · 3 of 3 points")
        await pilot.press("f5")  # a follow-up on a point the answer missed
        await pilot.pause()
        await answer(pilot, "It sets a clear standard for staff, so everyone knows the limits.")
        after = str(chat.query(FeedbackView).last().render())
        assert after.startswith("Met · 3 of 3 points")  # not "Partly met" on this answer alone
        assert "✓ stands out from competitors" in after and "(an earlier answer)" in after
        assert "✓ sets a clear standard for staff" in after
        still_asked = after.split("You could also", 1)[1].split("\n", 1)[0]
        assert "stands out from competitors" not in still_asked
        assert "sets a clear standard for staff" not in still_asked
        assert "%" not in after


async def test_the_decision_card_shows_each_answer_and_stores_the_override_against_it(
    make_app, tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(110, 48)) as pilot:
        await start(pilot, SERVICE_OFFER, assessor="Mary Cole")
        await answer(pilot, MAIN)
        await pilot.press("f5")
        await pilot.pause()
        await answer(pilot, FOLLOW_UP)
        screen = await to_decisions(pilot)
        (card,) = screen.query(DecisionCard)
        views = list(card.query(AnswerView))
        assert [v.given.turn.text for v in views] == [MAIN, FOLLOW_UP]
        assert [v.given.asked_kind for v in views] == ["question", "follow_up"]
        shown = screen_text(app)
        assert MAIN in shown and FOLLOW_UP in shown
        # One reading per answer, and the criterion's on both together.
        first, second = (v.given.seq for v in views)
        assert f"1. Answer (turn {first}) · machine: Met · 2 of 2 points" in shown
        assert f"2. Follow-up answer (turn {second}) · machine: Partly met · 1 of 2" in shown
        assert "Machine, on all answers: Met · 2 of 2 points" in shown
        assert "products, prices and extras included" in shown  # its comma kept
        assert "%" not in shown

        # The override sits under the answer it judges: the main answer, the first shown.
        assert app.focused is views[0].query_one(".override", Select)
        await choose(pilot, 3)  # Override: not yet met
        await pilot.press("tab", "tab")  # past the follow-up's override to the decision
        await choose(pilot, 2)  # Not yet met
        await pilot.press("tab")
        await type_text(pilot, "Limits only; the extras came when prompted.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        main_seq = views[0].given.seq
    with Store.open(tmp_path / "tutor.db") as store:
        (override,) = store.score_overrides(1)
        answer_turn = next(t for t in store.turns(1) if t.seq == override.answer_seq)
        (decision,) = store.decisions(1)
    assert override.answer_seq == main_seq and answer_turn.text == MAIN
    assert override.judgement == "not_yet_met"
    # The decision keeps the machine's reading of both answers beside it.
    assert decision.machine.judgement == "met"
    assert decision.machine.points_covered == 2
    assert decision.overrides_machine is True


async def test_the_decision_screen_keeps_the_answer_box_keys(make_app, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(110, 48)) as pilot:
        await start(pilot, SERVICE_OFFER, assessor="Mary Cole")
        await answer(pilot, MAIN)
        screen = await to_decisions(pilot)
        reason = screen.query_one(".reason", FieldBox)
        reason.focus()
        await pilot.pause()
        assert "New line" in screen_text(app)  # the footer names the keys
        await type_text(pilot, "Clear on limits.")
        await pilot.press("ctrl+j")
        await type_text(pilot, "Asked for an example.")
        assert reason.text == "Clear on limits.\nAsked for an example."
        await pilot.press("enter")  # moves on, never a new line
        assert reason.text == "Clear on limits.\nAsked for an example."
        feedback = screen.query_one("#feedback", FieldBox)
        assert app.focused is feedback
        await type_text(pilot, "Good definition.")
        await pilot.press("ctrl+j")
        await type_text(pilot, "Add the extras next time.")
        await pilot.press("enter")
        assert app.focused is screen.query_one("#next-steps", FieldBox)
        assert feedback.text == "Good definition.\nAdd the extras next time."
    assert "Ctrl+J" in str(help_content()).split("Decision (assessor)", 1)[1]


async def test_the_learner_declares_in_their_own_turn(make_app, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(110, 48)) as pilot:
        await start(pilot, SERVICE_OFFER, assessor="Mary Cole")
        await answer(pilot, MAIN)
        await pilot.press("f10", "y")
        await pilot.pause()
        assert isinstance(app.screen, DeclarationScreen)
        assert "my own work" in screen_text(app)
        await pilot.press("enter")  # no name: refused, still the learner's turn
        await pilot.pause()
        assert isinstance(app.screen, DeclarationScreen)
        await answer(pilot, "Ben Adams")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DecisionScreen)
        shown = screen_text(app)
        assert "Made by the learner, Ben Adams" in shown
        assert "Learner: type your name" not in shown  # the assessor only countersigns
    with Store.open(tmp_path / "tutor.db") as store:
        (declaration,) = store.declarations(1)
        turn = next(t for t in store.turns(1) if t.seq == declaration.turn_seq)
    assert (declaration.kind, declaration.name) == ("authenticity", "Ben Adams")
    assert turn.actor == "learner"


async def test_a_declaration_left_unmade_is_shown_as_not_made(make_app, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(110, 48)) as pilot:
        await start(pilot, SERVICE_OFFER, assessor="Mary Cole")
        await answer(pilot, MAIN)
        await to_decisions(pilot, name=None)
        assert "Not made: the learner did not confirm" in screen_text(app)
    with Store.open(tmp_path / "tutor.db") as store:
        assert store.declarations(1) == []
