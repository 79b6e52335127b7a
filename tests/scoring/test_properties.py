"""Whatever is typed, scoring answers calmly, the same way every time, within bounds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.banks.model import Rubric, RubricPoint
from tutor.scoring import Judgement, score_answer

RUBRICS = [
    Rubric((RubricPoint("apologise", ("say sorry",)), RubricPoint("offer a refund")), needed=1),
    Rubric(
        (RubricPoint("return within 14 days", required=True), RubricPoint("receipt")),
        open_list=True,
    ),
    Rubric(),
]
WORDS = st.sampled_from(
    [
        "apologise",
        "appologise",
        "sorry",
        "say",
        "never",
        "not",
        "don't",
        "without",
        "refund",
        "offer",
        "14",
        "28",
        "days",
        "receipt",
        "because",
        "so",
        "customer",
        ",",
        ".",
        "!",
        "🙂",
        "\u200b",
        "\xad",
        "ﬁx",
        "Ⅻ",
        "\x00",
        "\n",
    ]
)
ANSWERS = st.one_of(
    st.text(max_size=300),
    st.lists(WORDS, max_size=40).map(" ".join),
)


@settings(max_examples=300, deadline=None)
@given(
    answer=ANSWERS,
    which=st.integers(0, len(RUBRICS) - 1),
    verb=st.sampled_from(["", "Explain", "Identify", "Nonsense"]),
)
def test_scoring_never_raises_and_stays_in_bounds(answer: str, which: int, verb: str) -> None:
    rubric = RUBRICS[which]
    result = score_answer(answer, rubric, verb, ("Explain how to handle a refund",))
    assert 0.0 <= result.score <= 1.0
    assert isinstance(result.judgement, Judgement)
    assert len(result.points) == len(rubric.points)
    for point in result.points:
        for evidence in point.evidence:
            assert 0 <= evidence.start < evidence.end <= len(answer)
            assert answer[evidence.start : evidence.end] == evidence.text
            assert 0 <= evidence.similarity <= 100
    assert result == score_answer(answer, rubric, verb, ("Explain how to handle a refund",))
