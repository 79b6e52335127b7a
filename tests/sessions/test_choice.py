from __future__ import annotations

import random

from tutor.banks.model import Question
from tutor.sessions.choice import choose

Q1, Q2, Q3 = Question("q1", "one"), Question("q2", "two"), Question("q3", "three")


def test_weakest_first_then_least_practised() -> None:
    candidates = [("A 1.1", [Q1]), ("A 1.2", [Q2]), ("A 1.3", [Q3])]
    history = {"A 1.1": [0.9, 0.8], "A 1.2": [0.2], "A 1.3": [0.2, 0.2, 0.2]}
    order = [c.criterion for c in choose(candidates, history, random.Random(1))]
    assert order == ["A 1.2", "A 1.3", "A 1.1"]


def test_never_practised_comes_before_anything_scored() -> None:
    candidates = [("A 1.1", [Q1]), ("A 1.2", [Q2])]
    order = [c.criterion for c in choose(candidates, {"A 1.1": [0.1]}, random.Random(1))]
    assert order == ["A 1.2", "A 1.1"]


def test_a_scheduler_key_comes_first() -> None:
    candidates = [("A 1.1", [Q1]), ("A 1.2", [Q2])]
    due_first = {"A 1.1": 0.0, "A 1.2": 1.0}
    chosen = choose(candidates, {"A 1.1": [1.0]}, random.Random(1), first_key=due_first.get)
    assert chosen[0].criterion == "A 1.1"


def test_a_resit_avoids_questions_asked_before_where_it_can() -> None:
    candidates = [("A 1.1", [Q1, Q2]), ("A 1.2", [Q3])]
    avoid = {("A 1.1", "q1"), ("A 1.2", "q3")}
    for seed in range(10):
        chosen = {
            c.criterion: c.question
            for c in choose(candidates, {}, random.Random(seed), avoid=avoid)
        }
        assert chosen == {"A 1.1": Q2, "A 1.2": Q3}


def test_limit_and_criteria_without_questions() -> None:
    candidates = [("A 1.1", []), ("A 1.2", [Q2]), ("A 1.3", [Q3])]
    chosen = choose(candidates, {}, random.Random(1), limit=1, keep_order=True)
    assert [c.criterion for c in chosen] == ["A 1.2"]
