"""Rubric drafts from a model answer: content words grouped into points, ready to edit."""

from __future__ import annotations

from tutor.scoring import Judgement, score_answer
from tutor.scoring.draft import draft_rubric

MODEL = (
    "Apologise sincerely, listen to the customer without interrupting, and offer a refund "
    "or replacement within 14 days."
)


def test_draft_groups_neighbouring_content_words_into_points() -> None:
    texts = [p.text for p in draft_rubric(MODEL).points]
    assert texts[0] == "apologise sincerely"
    assert "customer" in texts
    assert "14 days" in texts
    assert "without interrupting" in texts
    assert not {"the", "and", "to", "a", "or"} & set(texts)


def test_draft_adds_synonyms_as_alternatives() -> None:
    points = {p.text: p for p in draft_rubric(MODEL).points}
    assert "client" in points["customer"].alternatives


def test_draft_without_phrases_has_one_point_per_content_word() -> None:
    texts = [p.text for p in draft_rubric("Desired software product.", phrases=False).points]
    assert texts == ["desired", "software", "product"]


def test_model_answer_meets_its_own_draft() -> None:
    assert score_answer(MODEL, draft_rubric(MODEL)).judgement is Judgement.MET


def test_draft_of_nothing_has_no_points() -> None:
    assert draft_rubric("the and of it").points == ()


def test_draft_keeps_acronyms_and_hyphenated_compounds() -> None:
    rubric = draft_rubric("Ask IT to help, and hold one-to-one reviews.")
    points = {p.text: p for p in rubric.points}
    assert "Ask IT" in points
    assert "enquire IT" in points["Ask IT"].alternatives
    assert "hold one-to-one reviews" in points
