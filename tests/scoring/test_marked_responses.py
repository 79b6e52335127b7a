"""Marked test responses scored as a session scores answers, tallied against the judgement
each was marked with, and held to what `tutor bank check --strict` asks."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.banks.bank_fixtures import (
    MARKED_RESPONSES,
    PURPOSE_QUESTION,
    mislabelled,
    small_unit,
    write_small_bank,
)
from tutor.banks.files import load_bank
from tutor.banks.model import Bank, Response, RubricPoint
from tutor.scoring import score_answer
from tutor.scoring.response_cache import (
    check_responses,
    judgements_file,
    read_judgements,
    write_judgements,
)
from tutor.scoring.responses import (
    Agreement,
    MarkedResponse,
    mark_responses,
    quoted,
)
from tutor.scoring.result import Judgement
from tutor.scoring.specificity import GENERIC_SPREAD, Vocabulary, bank_vocabulary

UNIT = "J/506/2132"
CRITERION = "Explain the purpose and scope of customer service"


def _bank(tmp_path: Path, *responses: tuple[Response, ...]) -> Bank:
    """A small bank whose criterion 1.1 asks one question per set of `responses`."""
    questions = tuple(
        replace(PURPOSE_QUESTION, id=f"q{i}", responses=r) for i, r in enumerate(responses, 1)
    )
    bank, problems = load_bank(write_small_bank(tmp_path, small_unit(questions)))
    assert problems == []
    return bank


def _unscored(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make scoring a response fail the test: every judgement must be one kept before."""

    def refuse(*_: object) -> Judgement:
        raise AssertionError("a response was scored again")

    monkeypatch.setattr("tutor.scoring.responses._Marking.score", refuse)


def test_each_response_is_judged_as_a_session_judges_it(tmp_path: Path) -> None:
    bank = _bank(tmp_path, MARKED_RESPONSES)
    (question,) = [q for q in mark_responses(bank).questions if q.marked]
    vocabulary = bank_vocabulary(bank)
    asked = bank.units[UNIT].outcomes[0].criteria[0].questions[0]
    for marked, response in zip(question.marked, MARKED_RESPONSES, strict=True):
        session = score_answer(
            response.text, asked.rubric, "Explain", (asked.text, CRITERION), vocabulary
        )
        assert marked.judged is session.judgement
        assert marked.agrees


def test_agreement_is_counted_per_question_unit_and_qualification(tmp_path: Path) -> None:
    bank = _bank(tmp_path, MARKED_RESPONSES, mislabelled(MARKED_RESPONSES, 0, 3), ())
    check = mark_responses(bank)
    assert check.overall == Agreement(
        total=12, agreeing=10, questions=3, questions_with_responses=2
    )
    assert check.by_unit == {UNIT: check.overall}
    assert check.by_qualification == {"601/3973/0": check.overall}
    assert [(m.question, m.number) for m in check.disagreements] == [("q2", 1), ("q2", 4)]
    assert [q.agreeing for q in check.questions] == [6, 4, 0]


def test_a_disagreement_names_its_line_and_quotes_the_response(tmp_path: Path) -> None:
    bank = _bank(tmp_path, mislabelled(MARKED_RESPONSES, 3))
    (disagreement,) = mark_responses(bank).placed(tmp_path).disagreements
    lines = (tmp_path / "units" / "J-506-2132.yaml").read_text().splitlines()
    fourth = [n for n, line in enumerate(lines, 1) if line.startswith("      - expect:")][3]
    assert str(disagreement) == (
        f"{tmp_path.name}/units/J-506-2132.yaml:{fourth}: unit J/506/2132 criterion 1.1 "
        'question q1: expected met, judged partly met — "It is about meeting customer needs."'
    )


def test_a_long_response_is_quoted_by_its_first_sixty_characters() -> None:
    text = "It's so customers are happy: we meet customer needs,\n  they keep coming back."
    assert quoted(text) == "It's so customers are happy: we meet customer needs, they ke…"
    assert len(quoted(text)) == 60 + len("…")
    assert quoted("Short.") == "Short."


def test_the_json_form_carries_what_a_disagreement_needs(tmp_path: Path) -> None:
    bank = _bank(tmp_path, mislabelled(MARKED_RESPONSES, 0))
    data = mark_responses(bank).placed(tmp_path).to_dict()
    assert {k: v for k, v in data.items() if k != "disagreements"} == {
        "total": 6,
        "agreeing": 5,
        "questions": 1,
        "questions_with_responses": 1,
        "by_qualification": {
            "601/3973/0": {"total": 6, "agreeing": 5, "questions": 1, "questions_with_responses": 1}
        },
        "by_unit": {
            UNIT: {"total": 6, "agreeing": 5, "questions": 1, "questions_with_responses": 1}
        },
    }
    (disagreement,) = data["disagreements"]
    assert disagreement == {
        "file": f"{tmp_path.name}/units/J-506-2132.yaml",
        "line": disagreement["line"],
        "unit": UNIT,
        "criterion": "1.1",
        "question": "q1",
        "response": 1,
        "kind": "competent",
        "voice": "Priya, 19, supermarket checkout",
        "expected": "not_yet_met",
        "judged": "met",
        "text": MARKED_RESPONSES[0].text,
    }
    assert isinstance(disagreement["line"], int)


# --- what --strict asks ------------------------------------------------------------------

# Enough questions whose responses all agree that one or two disagreements keep the bank
# above 95% overall (40 of 42 is 95.2%).
SOUND = (MARKED_RESPONSES,) * 6


def _shortfalls(bank: Bank, required: bool = False, agreement: bool = True) -> list[str]:
    """What --strict says, with the agreement thresholds held (as they will be once the
    shipped rubrics reach them: see `AGREEMENT_REQUIRED`)."""
    check = mark_responses(bank)
    return [f"{p.path}: {p.message}" for p in check.shortfalls("banks", required, agreement)]


def test_a_question_with_four_of_six_agreeing_fails_strict(tmp_path: Path) -> None:
    bank = _bank(tmp_path, *SOUND, mislabelled(MARKED_RESPONSES, 1, 4))
    assert _shortfalls(bank) == [
        "unit J/506/2132 criterion 1.1 question q7: 4 of its 6 marked responses judged as "
        "expected: --strict needs 6 or more, 5 of them judged as expected"
    ]


def test_a_question_with_five_of_six_agreeing_passes_strict(tmp_path: Path) -> None:
    bank = _bank(tmp_path, *SOUND, mislabelled(MARKED_RESPONSES, 2))
    assert _shortfalls(bank) == []


def test_a_question_with_fewer_than_six_responses_fails_strict(tmp_path: Path) -> None:
    bank = _bank(tmp_path, *SOUND, MARKED_RESPONSES[:5])
    assert _shortfalls(bank) == [
        "unit J/506/2132 criterion 1.1 question q7: 5 of its 5 marked responses judged as "
        "expected: --strict needs 6 or more, 5 of them judged as expected"
    ]


def test_agreement_under_95_percent_overall_fails_strict(tmp_path: Path) -> None:
    bank = _bank(tmp_path, mislabelled(MARKED_RESPONSES, 0), mislabelled(MARKED_RESPONSES, 5))
    assert _shortfalls(bank) == [
        ": marked responses: 10 of 12 judged as expected (83.3%), under the 95% --strict needs"
    ]
    (problem,) = mark_responses(bank).shortfalls("banks", agreement=True)
    assert str(problem).startswith("banks: marked responses: 10 of 12")


def test_agreement_fails_strict_only_once_it_is_required(tmp_path: Path) -> None:
    bank = _bank(tmp_path, *SOUND, mislabelled(MARKED_RESPONSES, 1, 4))
    assert _shortfalls(bank, agreement=False) == []
    short = _bank(tmp_path / "short", *SOUND, MARKED_RESPONSES[:5])
    assert len(_shortfalls(short, agreement=False)) == 1  # six responses are required now


def test_a_question_without_responses_fails_strict_only_once_they_are_required(
    tmp_path: Path,
) -> None:
    bank = _bank(tmp_path, MARKED_RESPONSES, ())
    assert _shortfalls(bank) == []
    assert _shortfalls(bank, required=True) == [
        "unit J/506/2132 criterion 1.1 question q2: no marked responses yet: --strict needs 6 "
        "or more, 5 of them judged as expected"
    ]


def test_agreement_is_rounded_down_and_95_percent_is_enough() -> None:
    assert Agreement(total=20, agreeing=19).enough
    assert not Agreement(total=20, agreeing=18).enough
    almost = Agreement(total=10_000, agreeing=9_499)
    assert almost.percent == 94.9 and not almost.enough
    assert Agreement().enough and Agreement().percent is None


# --- judgements kept from one check to the next ------------------------------------------


def test_a_kept_judgement_is_not_scored_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank = _bank(tmp_path, MARKED_RESPONSES)
    first = mark_responses(bank)
    assert len(first.judgements) == 6
    _unscored(monkeypatch)
    again = mark_responses(bank, first.judgements)
    assert again.questions == first.questions
    assert again.judgements == first.judgements


def test_a_changed_rubric_scores_its_responses_again(tmp_path: Path) -> None:
    first = mark_responses(_bank(tmp_path / "a", MARKED_RESPONSES))
    stricter = replace(
        PURPOSE_QUESTION.rubric,
        points=(*PURPOSE_QUESTION.rubric.points, RubricPoint("staff enjoy their work")),
        needed=4,
    )
    edited = replace(PURPOSE_QUESTION, rubric=stricter, responses=MARKED_RESPONSES)
    bank, _ = load_bank(write_small_bank(tmp_path / "b", small_unit((edited,))))
    again = mark_responses(bank, first.judgements)
    assert set(again.judgements).isdisjoint(first.judgements)
    assert [m.judged for m in again.questions[0].marked][:3] != [Judgement.MET] * 3


def test_a_kept_judgement_that_is_no_judgement_is_scored_again(tmp_path: Path) -> None:
    bank = _bank(tmp_path, MARKED_RESPONSES)
    first = mark_responses(bank)
    planted = dict.fromkeys(first.judgements, "excellent")
    assert mark_responses(bank, planted).judgements == first.judgements


def test_the_next_check_of_a_bank_scores_nothing_it_scored_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "banks"
    bank = _bank(root, mislabelled(MARKED_RESPONSES, 2))
    cache = tmp_path / "cache"
    first = check_responses(bank, root, cache)
    _unscored(monkeypatch)
    assert check_responses(bank, root, cache) == first
    assert first.disagreements[0].line is not None


def test_judgements_made_by_another_scorer_or_damaged_are_not_used(tmp_path: Path) -> None:
    path = tmp_path / "responses.json"
    write_judgements(path, {"key": "met"})
    assert read_judgements(path) == {"key": "met"}
    text = path.read_text()
    path.write_text(text.replace('"scorer": "', '"scorer": "0'))
    assert read_judgements(path) == {}
    path.write_text(text[: len(text) // 2])
    assert read_judgements(path) == {}
    path.write_text('{"header": [], "judgements": {"key": "met"}}')
    assert read_judgements(path) == {}


def test_each_bank_folder_keeps_its_judgements_apart(tmp_path: Path) -> None:
    assert judgements_file(tmp_path / "a", tmp_path) != judgements_file(tmp_path / "b", tmp_path)


def test_a_bank_checked_first_reuses_another_banks_judgements(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy of a checked bank is not scored again: judgements are keyed by content."""
    bank = _bank(tmp_path, *SOUND)
    cache = tmp_path / "cache"
    first = check_responses(bank, tmp_path / "a", cache)
    _unscored(monkeypatch)
    copy = check_responses(bank, tmp_path / "b", cache)
    assert copy.overall == first.overall


def test_the_widespread_words_are_those_too_widespread_to_be_specific() -> None:
    vocabulary = Vocabulary(rubrics=200, spread={"custom": 40, "refund": 8, "till": 9})
    assert vocabulary.widespread() == {"custom", "till"}
    assert all(
        (stem in vocabulary.widespread()) == (vocabulary.share(stem) > GENERIC_SPREAD)
        for stem in vocabulary.spread
    )
    assert Vocabulary(rubrics=20, spread={"custom": 20}).widespread() == frozenset()


def test_a_marked_response_without_a_line_names_its_file() -> None:
    marked = MarkedResponse(
        "units/J-506-2132.yaml", UNIT, "1.1", "q1", 1, MARKED_RESPONSES[3], Judgement.NOT_YET_MET
    )
    assert str(marked).startswith("units/J-506-2132.yaml: unit J/506/2132 criterion 1.1")
    assert "expected partly met, judged not yet met" in str(marked)
