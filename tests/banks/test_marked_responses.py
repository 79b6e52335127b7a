"""Marked test responses in bank files: read, checked, written and cached with their
question, and never part of what records cite of it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tests.banks.bank_fixtures import (
    MARKED_RESPONSES,
    PURPOSE_QUESTION,
    small_unit,
    write_small_bank,
)
from tutor.banks.cache import load_bank_cached, read_cached
from tutor.banks.files import load_bank
from tutor.banks.model import EXPECTED, Bank, Question, Response, ResponseKind
from tutor.scoring.result import Judgement

MARKED_QUESTION = replace(PURPOSE_QUESTION, responses=MARKED_RESPONSES)
UNIT_FILE = "units/J-506-2132.yaml"
EMPTY_TEXT = "text: ''"


def _written(root: Path, question: Question = MARKED_QUESTION) -> Path:
    """A small bank whose one question is `question`; the unit file's path."""
    write_small_bank(root, small_unit((question,)))
    return root / UNIT_FILE


def _question(bank: Bank) -> Question:
    return bank.units["J/506/2132"].outcomes[0].criteria[0].questions[0]


def _line(path: Path, text: str, occurrence: int = 1) -> int:
    """The line holding `text` for the `occurrence`-th time."""
    found = [n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line]
    return found[occurrence - 1]


def test_responses_are_read_back_as_written(tmp_path: Path) -> None:
    _written(tmp_path)
    bank, problems = load_bank(tmp_path)
    assert problems == []
    assert _question(bank).responses == MARKED_RESPONSES


def test_a_response_is_read_as_an_author_writes_it(tmp_path: Path) -> None:
    path = _written(tmp_path, PURPOSE_QUESTION)
    text = path.read_text()
    marked = (
        "      responses:\n"
        "      - expect: partly met\n"
        "        kind: thin\n"
        "        voice: Sam, 17, apprentice\n"
        "        text: >-\n"
        "          So they come\n"
        "          back.\n"
    )
    path.write_text(text.replace("  - id: '1.2'\n", marked + "  - id: '1.2'\n", 1))
    bank, problems = load_bank(tmp_path)
    assert problems == []
    assert _question(bank).responses == (
        Response("partly_met", ResponseKind.THIN, "So they come back.", "Sam, 17, apprentice"),
    )


def test_the_expected_judgements_are_the_scorers_own() -> None:
    assert set(EXPECTED.values()) == {j.value for j in Judgement}


def test_each_response_that_cannot_be_marked_is_one_problem_on_its_line(tmp_path: Path) -> None:
    path = _written(tmp_path)
    text = path.read_text()
    text = text.replace("expect: partly met", "expect: half met")
    text = text.replace("kind: wrong", "kind: silly")
    text = text.replace("text: It is about meeting customer needs.", EMPTY_TEXT)
    text = text.replace("voice: Dev, 45", "voices: Dev, 45")
    path.write_text(text)
    _, problems = load_bank(tmp_path)
    where = f"tmp/{UNIT_FILE}"
    question = "unit J/506/2132 criterion 1.1 question q1"
    assert sorted(str(p).replace(tmp_path.name, "tmp") for p in problems) == sorted(
        [
            f"{where}:{_line(path, 'voices:')}: {question} response 2: unknown key 'voices' "
            "(a typo?)",
            f"{where}:{_line(path, 'expect: half met')}: {question} response 4: 'expect' "
            "should be met, partly met or not yet met, not 'half met'",
            f"{where}:{_line(path, EMPTY_TEXT)}: {question} response 4: 'text' is empty",
            f"{where}:{_line(path, 'kind: silly')}: {question} response 5: 'kind' should be "
            "competent, partial, wrong, negated or thin, not 'silly'",
        ]
    )


def test_a_response_without_expect_or_kind_says_what_to_give(tmp_path: Path) -> None:
    path = _written(tmp_path)
    text = path.read_text()
    text = text.replace(
        "      - expect: met\n        kind: competent\n", "      - kind: competent\n", 1
    )
    text = text.replace("        kind: negated\n", "")
    path.write_text(text)
    _, problems = load_bank(tmp_path)
    assert sorted(p.message for p in problems) == [
        "'expect' is missing: give met, partly met or not yet met",
        "'kind' is missing: give competent, partial, wrong, negated or thin",
    ]
    assert sorted(p.path.rsplit(" ", 1)[1] for p in problems) == ["1", "6"]


def test_responses_must_be_a_list_of_mappings(tmp_path: Path) -> None:
    path = _written(tmp_path, PURPOSE_QUESTION)
    text = path.read_text()
    path.write_text(
        text.replace("  - id: '1.2'\n", "      responses: a good answer\n  - id: '1.2'\n", 1)
    )
    _, problems = load_bank(tmp_path)
    assert [p.message for p in problems] == ["'responses' should be a list"]


def test_responses_never_change_what_records_cite_of_a_question() -> None:
    assert MARKED_QUESTION.content() == PURPOSE_QUESTION.content()
    assert "responses" not in MARKED_QUESTION.content()
    assert MARKED_QUESTION.content_hash == PURPOSE_QUESTION.content_hash
    relabelled = replace(MARKED_QUESTION, responses=MARKED_RESPONSES[:1])
    assert relabelled.content_hash == PURPOSE_QUESTION.content_hash


def test_the_content_hash_of_a_question_is_what_it_was_before_responses() -> None:
    """Records made before questions had responses are checked against this hash."""
    assert MARKED_QUESTION.content_hash == (
        "e1a46aa240b74d1747499861092b1e474034762b7871e85ba390991a5a1ccce6"
    )


def test_the_bank_cache_keeps_every_response(tmp_path: Path) -> None:
    _written(tmp_path / "banks")
    cache = tmp_path / "cache"
    from_files = load_bank(tmp_path / "banks")
    assert load_bank_cached(tmp_path / "banks", cache) == from_files
    from_cache = read_cached(tmp_path / "banks", cache)
    assert from_cache == from_files
    assert _question(from_cache[0]).responses == MARKED_RESPONSES
