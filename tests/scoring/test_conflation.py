"""Stems and typo rules never make a word into another word with another meaning."""

from __future__ import annotations

import pytest

from tutor.banks.model import Rubric, RubricPoint
from tutor.scoring import score_answer


def matched(point: str, answer: str) -> bool:
    rubric = Rubric((RubricPoint(point),), needed=1)
    return score_answer(answer, rubric).points[0].matched


@pytest.mark.parametrize(
    ("point", "answer"),
    [
        ("my position", "I always speak positively to customers."),
        ("costly", "We work on reducing costs."),
        ("cost", "It was a costly mistake."),
        ("name", "Three things, namely speed, price and quality."),
        ("timely", "Give them time to think."),
        ("friendly", "I told my friend about it."),
        ("verify identity", "Every order gets a unique id."),
        ("HR", "I spent an hour on it."),
    ],
)
def test_a_word_made_into_another_word_is_not_the_point(point: str, answer: str) -> None:
    assert not matched(point, answer), (point, answer)


@pytest.mark.parametrize(
    ("point", "answer"),
    [
        ("quickly", "I try to give a quick reply."),
        ("be polite", "I speak politely."),
        ("clear", "I explain things clearly."),
        ("apologise", "I apologised straight away."),
        ("HR", "I would go to HR about it."),
        ("professional", "I act professionally."),
    ],
)
def test_forms_of_the_same_word_still_make_the_point(point: str, answer: str) -> None:
    assert matched(point, answer), (point, answer)


def test_business_is_not_busy() -> None:
    assert not matched("busy periods", "Small businesses use it.")
