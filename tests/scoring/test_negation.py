"""Negation as an assessor reads it: a negation covers its clause, a dismissal denies its
subject, a denied claim is denied whole, and a point about a lack is made by saying the lack."""

from __future__ import annotations

import pytest

from tutor.banks.model import Rubric, RubricPoint
from tutor.scoring import score_answer
from tutor.scoring.result import PointResult


def point(text: str, answer: str, *alternatives: str) -> PointResult:
    return score_answer(answer, Rubric((RubricPoint(text, alternatives),), needed=1)).points[0]


@pytest.mark.parametrize(
    "answer",
    [
        "I don't need approval or authority.",
        "I would never apologise, listen to them or take any authority.",
        "Authority doesn't matter here.",
        "It has nothing to do with authority.",
        "I don't think authority comes into it.",
        "It isn't true that you need authority.",
        "There's no point asking for authority.",
    ],
)
def test_a_negation_covers_the_rest_of_its_clause(answer: str) -> None:
    result = point("authority", answer)
    assert not result.matched and result.negated, answer


@pytest.mark.parametrize(
    "answer",
    [
        "If the customer is not happy, I apologise.",
        "I would not argue, I would apologise.",
        "I would not argue but apologise instead.",
        "Don't rush them; apologise and listen.",
        "Customers who aren't happy want you to apologise because it shows you care.",
        "I never forget to apologise.",
        "Not only apologise but also listen.",
        "Don't interrupt them and you should apologise.",
    ],
)
def test_a_negation_stops_where_its_clause_does(answer: str) -> None:
    assert point("apologise", answer).matched, answer


def test_a_description_is_not_a_dismissal() -> None:
    # Said of the subject, not denying it: the subject is still named.
    assert point("linked list", "A linked list does not have a fixed size.").matched
    assert not point("linked list", "A linked list doesn't matter for this.").matched


@pytest.mark.parametrize(
    "answer",
    [
        "Poor training is a big one.",
        "If staff have not had enough training they make mistakes.",
        "Staff don't get trained properly.",
        "a lack of training",
        "new starters with little training",
    ],
)
def test_a_point_about_a_lack_is_made_by_saying_the_lack(answer: str) -> None:
    result = point("lack of training or knowledge", answer, "poor training")
    assert result.matched, answer
    assert not result.negated


@pytest.mark.parametrize(
    "answer",
    [
        "Staff have enough training here.",
        "Good training helps.",
        "It isn't poor training.",
    ],
)
def test_a_point_about_a_lack_is_not_made_without_one(answer: str) -> None:
    result = point("lack of training or knowledge", answer, "poor training")
    assert not result.matched, answer
    assert not result.negated, "a lack said positively is not 'said not to'"


def test_a_contracted_subject_starts_a_new_clause() -> None:
    answer = "To avoid keeping others waiting in the queue, I'd ask a colleague to help."
    assert point("ask a colleague", answer).matched


def test_fails_alone_is_not_a_negation() -> None:
    answer = "If that fails an employment tribunal decides."
    assert point("employment tribunal", answer).matched
    assert not point("apologise", "Staff who fail to apologise lose customers.").matched


def test_a_conditional_without_a_comma_ends_at_the_main_clause() -> None:
    answer = "If I haven't used a tool before I check the user guide."
    assert point("user guide", answer).matched


@pytest.mark.parametrize(
    "answer",
    [
        "Customer surveys are pointless, nobody fills them in.",
        "Customer surveys are a waste of paper.",
        "Customer surveys waste time.",
        "Honestly customer surveys are just a gimmick.",
        "Customer surveys are irrelevant to what we do.",
    ],
)
def test_a_subject_dismissed_without_a_negator_is_denied(answer: str) -> None:
    result = point("customer surveys", answer)
    assert not result.matched and result.negated, answer


@pytest.mark.parametrize(
    "answer",
    [
        "Customer surveys tell us what to improve, which stops a pointless guess.",
        "We recycle and run customer surveys to reduce waste.",
    ],
)
def test_a_dismissive_word_about_something_else_denies_nothing(answer: str) -> None:
    assert point("customer surveys", answer).matched, answer
