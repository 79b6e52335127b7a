"""An assessment driven through the app: the learner answers, the assessor follows up, asks,
notes, pauses, the time limit runs out, then the assessor records the decision."""

from __future__ import annotations

from textual.widgets import Select

from tests.sessions.session_fixtures import COMPLAINTS, EXPECTATIONS, tiny_units
from tests.ui.pilot_steps import (
    answer,
    ready,
    rendered_text,
    screen_text,
    start_session,
    type_text,
)
from tutor.store.queries import Store
from tutor.ui.screens.chat import ChatScreen
from tutor.ui.screens.decision import DecisionScreen
from tutor.ui.screens.declaration import DeclarationScreen
from tutor.ui.screens.start import StartScreen
from tutor.ui.widgets.feedback_view import FeedbackView


def secrets(typed: list[str]) -> set[str]:
    """Everything a learner must not see in an assessment: rubric points and their
    phrasings, model answers and hints. Short common words, and words the learner typed
    (their own answer on screen reveals nothing), are left out."""
    found = set()
    for unit in tiny_units():
        for _, criterion in unit.criteria():
            for question in criterion.questions:
                found |= {question.model_answer, question.hint}
                for point in question.rubric.points:
                    found |= set(point.phrasings)
    return {text for text in found if len(text) > 8 and not any(text in t for t in typed)}


def shown(app) -> str:
    return rendered_text(app) + screen_text(app)


async def choose(pilot, option_index: int) -> None:
    """Open the focused Select and take the option at `option_index` (0 is the prompt)."""
    await pilot.press("enter", *["down"] * option_index, "enter")


async def test_assessment_from_start_to_decision(make_app, db_path, clock):
    app = make_app()
    seen = []
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await start_session(pilot, "Ben", assessor="Ms Cole", minutes="5", units=2, untick=1)
        chat = app.screen
        assert isinstance(chat, ChatScreen)
        assert chat.engine.mode == "assessment"
        assert chat.engine.current().criterion == COMPLAINTS
        assert "Time left 5:00" in shown(app)

        await answer(pilot, "I hear them out")
        assert not chat.query(FeedbackView)  # no feedback for the learner in an assessment
        await pilot.press("f2", "f3", "f4")  # hint, model answer, retry: not in an assessment
        await pilot.press("f5")  # the suggested follow-up
        await pilot.pause()
        assert chat.engine.awaiting_answer
        seen.append(shown(app))
        await answer(pilot, "I say sorry to them")

        await pilot.press("f6")  # the assessor's own question
        await type_text(pilot, "Can you give an example from your own work?")
        await pilot.press("enter")
        await pilot.pause()
        assert "Can you give an example from your own work?" in shown(app)
        await answer(pilot, "A regular customer who returns every week")

        await pilot.press("f7")
        await type_text(pilot, "Learner confident; check 1.2 next")
        await pilot.press("enter")
        await pilot.pause()
        assert "Note saved." in shown(app)

        await pilot.press("f9")  # pause: the clock stops
        await pilot.pause()
        clock.advance(600)
        chat.tick()
        assert "paused" in shown(app)
        await pilot.press("f9")
        await pilot.pause()
        chat.tick()
        assert "Time left 5:00" in shown(app)

        await pilot.press("enter")  # empty box: the next question
        await pilot.pause()
        assert chat.engine.current().number == 2
        clock.advance(4 * 60 + 10)
        chat.tick()
        assert "1 minute left" in shown(app)
        clock.advance(60 + 31)  # past the limit and its 10% leeway
        chat.tick()
        assert "time and leeway are over" in shown(app)
        seen.append(shown(app))
        await answer(pilot, "I ask them")
        assert "marked late" in shown(app)
        await pilot.press("enter")  # no new question once time is up
        await pilot.pause()
        await pilot.pause()

        # The learner, still at the keyboard, declares in their own turn.
        assert isinstance(app.screen, DeclarationScreen)
        assert chat.engine.ended
        await type_text(pilot, "Ben Adams")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()

        decision = app.screen
        assert isinstance(decision, DecisionScreen)
        assert "Made by the learner, Ben Adams" in shown(app)
        # 1.2: three answers (main, follow-up, the assessor's question), each overridable.
        await pilot.press("tab")  # past answer 1 to answer 2, the follow-up answer
        await choose(pilot, 3)  # override the machine's reading of it: not yet met
        await pilot.press("tab", "tab")  # past answer 3 to the decision
        await choose(pilot, 1)  # 1.2: met
        await pilot.press("tab")
        await type_text(pilot, "Gave reasons and an example")
        await pilot.press("enter")  # Enter moves on, as in the chat's answer box
        await pilot.press("tab")  # past Y 1.1's only answer to its decision
        await choose(pilot, 2)  # Y 1.1: not yet met
        await pilot.press("tab")
        await type_text(pilot, "Only asking was described")
        await pilot.press("enter")
        await type_text(pilot, "Good grasp of why service matters.")
        await pilot.press("ctrl+j")  # a new line, not the next field
        await type_text(pilot, "Clear examples.")
        await pilot.press("enter")
        await type_text(pilot, "Practise the steps of handling a complaint.")
        await pilot.press("enter")
        await type_text(pilot, "Mary Cole")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)

    typed = ["I hear them out", "I say sorry to them", "I ask them"]
    for text in seen:
        for secret in secrets(typed):
            assert secret not in text, f"the learner could see {secret!r}"
    with Store.open(db_path) as store:
        decisions = {d.criterion: d for d in store.decisions(1)}
        overrides = store.score_overrides(1)
        declarations = [(d.kind, d.name) for d in store.declarations(1)]
        turns = store.turns(1)
        session = store.session(1)
        verified = store.verify(1)
    kinds = [t.kind for t in turns]
    assert decisions[COMPLAINTS].decision == "met"
    assert decisions[COMPLAINTS].reason == "Gave reasons and an example"
    assert decisions[EXPECTATIONS].decision == "not_yet_met"
    follow_up_answer = next(t for t in turns if t.text == "I say sorry to them")
    assert [(o.answer_seq, o.judgement) for o in overrides] == [
        (follow_up_answer.seq, "not_yet_met")
    ]
    assert declarations == [("authenticity", "Ben Adams"), ("countersign", "Mary Cole")]
    declared = [t for t in turns if t.kind == "declaration"]
    assert [t.actor for t in declared] == ["learner", "assessor"]
    assert declared[0].seq < min(t.seq for t in turns if t.kind == "decision")
    assert session["feedback"] == "Good grasp of why service matters.\nClear examples."
    assert session["next_steps"] == "Practise the steps of handling a complaint."
    assert {"follow_up", "assessor_question", "note", "pause", "resume", "timer"} <= set(kinds)
    assert "hint" not in kinds and "model_answer" not in kinds
    assert verified.ok


async def test_decision_without_reason_is_refused_and_nothing_lost(make_app, db_path, clock):
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await start_session(pilot, "Ben", assessor="Ms Cole")
        await answer(pilot, "Customers come back")
        await pilot.press("f10", "y")
        await pilot.pause()
        await pilot.press("escape")  # the learner leaves the declaration unmade
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, DecisionScreen)
        assert "Not made" in shown(app)
        await pilot.press("tab")  # past the answer's override to the decision
        await choose(pilot, 1)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DecisionScreen)  # still there: a reason is needed
        assert app.screen.query_one(".decision", Select).value == "met"
    with Store.open(db_path) as store:
        assert store.decisions(1) == []
