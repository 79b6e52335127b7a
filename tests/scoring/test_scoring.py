"""How answers to customer-service questions are scored: what earns a point and what not."""

from __future__ import annotations

import json

from tutor.banks.model import Rubric, RubricPoint
from tutor.scoring import Judgement, score_answer

COMPLAINT = Rubric(
    (
        RubricPoint("apologise", ("say sorry",)),
        RubricPoint("listen to the customer", ("hear them out",)),
        RubricPoint("offer a refund", ("give their money back",)),
        RubricPoint("tell the manager", ("inform a supervisor",)),
    ),
    needed=3,
)


def matched(answer: str, rubric: Rubric = COMPLAINT, verb: str = "", prompts=()) -> set[str]:
    return {p.text for p in score_answer(answer, rubric, verb, prompts).points if p.matched}


def one_point(text: str, *alternatives: str) -> Rubric:
    return Rubric((RubricPoint(text, alternatives),), needed=1)


def test_typo_in_a_long_word_still_earns_the_point() -> None:
    assert "apologise" in matched("I would appologise to them straight away.")
    assert "apologise" in matched("I would apologsie to them straight away.")


def test_american_spelling_earns_the_british_point() -> None:
    assert "apologise" in matched("I would apologize to them.")
    rubric = one_point("the organisation's policy")
    assert matched("I follow the organization policy.", rubric) == {"the organisation's policy"}


def test_alternative_phrasing_earns_the_point() -> None:
    assert "apologise" in matched("First I would say sorry for the trouble.")
    assert "offer a refund" in matched("I would give their money back to them.")


def test_inflected_forms_earn_the_point() -> None:
    assert "apologise" in matched("Apologising quickly calms things down.")
    assert "listen to the customer" in matched("Listening carefully to customers matters.")


def test_negated_point_is_not_credited() -> None:
    for answer in (
        "I would never apologise.",
        "I would not apologise.",
        "Don't apologise.",
        "I would sort it out without apologising.",
    ):
        result = score_answer(answer, COMPLAINT)
        apologise = result.points[0]
        assert not apologise.matched, answer
        assert apologise.negated, answer


def test_negation_does_not_reach_past_its_clause() -> None:
    answer = "I would not argue, I would apologise."
    assert "apologise" in matched(answer)
    assert "apologise" in matched("I would not argue but apologise instead.")


def test_double_negation_and_not_only_still_earn_the_point() -> None:
    assert "apologise" in matched("I would never forget to apologise.")
    assert {"apologise", "listen to the customer"} <= matched(
        "Not only apologise but also listen to the customer."
    )


def test_a_negated_point_is_credited_only_when_the_answer_negates_it_too() -> None:
    rubric = one_point("do not interrupt the customer")
    assert matched("Never interrupt the customer while they talk.", rubric)
    assert not matched("Interrupt the customer to save time.", rubric)


def test_words_inside_other_words_do_not_match() -> None:
    assert not matched("An intelligent answer helps.", one_point("tell"))
    assert not matched("A prudent approach is best.", one_point("rude"))
    assert matched("I would tell them the truth.", one_point("tell"))


def test_short_words_are_not_fuzzed() -> None:
    assert not matched("Be rule-abiding at all times.", one_point("rude"))
    assert not matched("I will sell it.", one_point("tell"))


def test_numbers_are_not_fuzzed() -> None:
    rubric = one_point("return within 14 days")
    assert not matched("They can return it within 28 days.", rubric)
    assert not matched("They can return it within 24 days.", rubric)
    assert matched("Goods may be returned within 14 days.", rubric)


def test_phrase_words_in_a_different_order_earn_the_point() -> None:
    assert "offer a refund" in matched("A refund is what I would offer.")
    assert "listen to the customer" in matched("The customer needs me to listen.")


def test_phrase_words_far_apart_do_not_earn_the_point() -> None:
    answer = (
        "I would offer a cup of tea to calm everyone down, then check the paperwork, "
        "look at the till roll and the stock records, and finally process the refund."
    )
    assert "offer a refund" not in matched(answer)


def test_parroting_the_question_is_not_met_and_earns_nothing() -> None:
    rubric = Rubric((RubricPoint("customer satisfaction"), RubricPoint("repeat business")))
    prompts = ("Explain why customer satisfaction matters to an organisation.",)
    result = score_answer(
        "Customer satisfaction matters to an organisation.", rubric, "Explain", prompts
    )
    assert result.parroted
    assert result.judgement is Judgement.NOT_YET_MET
    assert result.score == 0.0


def test_using_question_words_inside_a_real_answer_is_not_parroting() -> None:
    rubric = Rubric((RubricPoint("customer satisfaction"), RubricPoint("repeat business")))
    prompts = ("Explain why customer satisfaction matters to an organisation.",)
    result = score_answer(
        "Customer satisfaction matters because happy customers come back, which means "
        "repeat business and good word of mouth for the shop.",
        rubric,
        "Explain",
        prompts,
    )
    assert not result.parroted
    assert result.judgement is Judgement.MET


def test_explain_answered_with_a_bare_keyword_list_is_not_met() -> None:
    result = score_answer("apologise, listen, refund", COMPLAINT, "Explain")
    assert result.judgement is Judgement.PARTLY_MET
    assert "sentences" in result.feedback


def test_explain_with_the_same_points_and_reasons_is_met() -> None:
    answer = (
        "I would apologise because it shows I care, listen to the customer so that they feel "
        "heard, and offer a refund, which means they leave happy."
    )
    result = score_answer(answer, COMPLAINT, "Explain")
    assert result.reasons_given
    assert result.judgement is Judgement.MET


def test_explain_in_note_form_with_what_each_point_leads_to_is_met() -> None:
    """Notes a learner writes in a hurry: each item says by an arrow or a dash what
    follows from it, which is an explanation, not a keyword list."""
    answer = (
        "1. Apologise -> customer feels valued, calmer.\n"
        "2. Listen to the customer - real problem found faster.\n"
        "3. Offer a refund \u2192 leaves happy, more likely to return."
    )
    result = score_answer(answer, COMPLAINT, "Explain")
    assert not result.keyword_list
    assert result.reasons_given
    assert result.judgement is Judgement.MET


def test_keywords_joined_by_dashes_are_still_a_keyword_list() -> None:
    result = score_answer("apologise - listen - refund", COMPLAINT, "Explain")
    assert result.keyword_list
    assert result.judgement is Judgement.PARTLY_MET


def test_identify_needs_no_reasons() -> None:
    answer = "I would apologise, listen to the customer and offer a refund."
    assert score_answer(answer, COMPLAINT, "Identify").judgement is Judgement.MET


def test_the_rubric_needed_count_overrides_the_verb() -> None:
    answer = "I would apologise and offer a refund."
    two = Rubric(COMPLAINT.points, needed=2)
    assert score_answer(answer, two, "Describe").judgement is Judgement.MET
    three = Rubric(COMPLAINT.points, needed=3)
    assert score_answer(answer, three, "Describe").judgement is Judgement.PARTLY_MET


def test_verb_sets_how_many_points_when_the_rubric_does_not() -> None:
    open_rubric = Rubric(COMPLAINT.points)
    answer = "I would apologise and offer a refund."
    assert score_answer(answer, open_rubric, "Identify").judgement is Judgement.MET
    assert score_answer(answer, open_rubric, "Describe").judgement is Judgement.PARTLY_MET


def test_open_list_is_met_by_any_needed_points() -> None:
    examples = Rubric(
        tuple(RubricPoint(t) for t in ("email", "telephone", "letter", "social media", "chat")),
        needed=2,
        open_list=True,
    )
    for answer in ("By email or telephone.", "A letter, or on social media."):
        result = score_answer(answer, examples, "Identify")
        assert result.judgement is Judgement.MET, answer
        assert result.score == 1.0


def test_a_missed_required_point_stops_met() -> None:
    rubric = Rubric((RubricPoint("apologise", required=True), *COMPLAINT.points[1:]), needed=2)
    answer = "I would listen to the customer and offer a refund."
    result = score_answer(answer, rubric, "Describe")
    assert result.judgement is Judgement.PARTLY_MET
    assert "apologise" in result.missed


def test_evidence_spans_slice_the_original_answer_exactly() -> None:
    answer = "Firstly I’d APPOLOGISE, then — calmly — listen to the customer’s story."
    result = score_answer(answer, COMPLAINT)
    spans = [e for p in result.points for e in p.evidence]
    assert spans
    for evidence in spans:
        assert answer[evidence.start : evidence.end] == evidence.text
        assert 0 < evidence.similarity <= 100
    assert "APPOLOGISE" in [e.text for e in result.points[0].evidence]


def test_feedback_names_what_was_covered_and_what_to_add() -> None:
    result = score_answer("I would apologise and listen to the customer.", COMPLAINT, "Describe")
    assert result.feedback.startswith("You covered “apologise” and “listen to the customer”.")
    assert "To meet this criterion, also describe" in result.feedback
    assert "offer a refund" in result.feedback


def test_score_json_shape() -> None:
    data = json.loads(json.dumps(score_answer("I would apologise.", COMPLAINT).to_dict()))
    assert {"score", "judgement", "points", "missed", "feedback"} <= set(data)
    assert data["judgement"] in {"met", "partly_met", "not_yet_met"}
    point = data["points"][0]
    assert {"text", "matched", "evidence"} <= set(point)
    assert set(point["evidence"][0]) == {"start", "end", "text", "similarity"}


def test_empty_rubric_and_empty_answer_are_not_met() -> None:
    assert score_answer("", COMPLAINT).judgement is Judgement.NOT_YET_MET
    assert score_answer("I would apologise.", Rubric()).judgement is Judgement.NOT_YET_MET


def test_very_long_answer_is_scored_on_its_first_part() -> None:
    answer = "I would apologise. " + "blah " * 250_000
    result = score_answer(answer, COMPLAINT)
    assert result.points[0].matched
    assert "first part" in result.feedback


def test_a_short_sentence_is_not_a_keyword_list() -> None:
    result = score_answer("I'd say sorry.", COMPLAINT, "Describe")
    assert not result.keyword_list
