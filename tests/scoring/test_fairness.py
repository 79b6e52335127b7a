"""Fairness on customer-service vocabulary: a typo is accepted, a different word is not;
acronyms, short phrases and negation read the way an assessor reads them."""

from __future__ import annotations

from tutor.banks.model import Rubric, RubricPoint
from tutor.scoring import Judgement, score_answer
from tutor.scoring.result import PointResult


def point(text: str, answer: str, *alternatives: str) -> PointResult:
    return score_answer(answer, Rubric((RubricPoint(text, alternatives),), needed=1)).points[0]


def test_smart_targets_are_not_a_typo_for_start() -> None:
    assert not point("SMART", "We should start the call politely.").matched
    assert point("SMART", "Targets should be SMART so progress can be measured.").matched
    assert point("SMART", "set smart targets").matched


def test_a_different_real_word_is_not_a_typo() -> None:
    assert not point("contract", "Please contact the customer.").matched
    assert not point("match", "In March we sold more.").matched
    assert point("contract", "Check the terms of the contrct.").matched


def test_a_slip_in_the_first_two_letters_makes_another_word() -> None:
    assert not point("skills", "It is still worth asking.").matched
    assert not point("stakeholders", "Tell the shareholders first.").matched


def test_words_that_only_begin_alike_do_not_match() -> None:
    for rubric_word, answer in (
        ("investors", "We investigate the complaint."),
        ("competence", "I completed the form."),
        ("compliance", "We handle complaints."),
        ("responsibility", "I respond within a day."),
    ):
        assert not point(rubric_word, answer).matched, rubric_word


def test_a_derived_word_is_not_the_word_it_comes_from_but_earns_partial_credit() -> None:
    product = point("productivity", "Sell the product.")
    assert not product.matched
    unrelated = point("productivity", "Sell the basket.")
    assert product.similarity > unrelated.similarity


def test_inflected_forms_and_inflected_typos_still_match() -> None:
    assert point("apologise", "I apologised twice.").matched
    assert point("apologise", "Appologising helps.").matched
    assert point("follow organisational procedures", "I follow the organisation's procedures.")
    assert point("stop", "They stopped the call.").matched


def test_acronyms_match_only_themselves() -> None:
    assert not point("ONS", "Put it on the shelf.").matched
    assert point("ONS", "Figures from the ONS show it.").matched
    assert point("GDPR", "Under gdpr we protect data.").matched
    assert point("KPI", "We track KPIs weekly.").matched


def test_it_in_capitals_is_the_subject_not_the_pronoun() -> None:
    assert point("IT", "Ask IT to reset the password.").matched
    assert not point("IT", "It is good to ask.").matched
    assert point("contact the IT department", "I would contact our IT department.").matched


def test_a_short_phrase_keeps_its_function_words() -> None:
    assert not point("live up to", "I live near the shop.").matched
    assert point("live up to", "The service lived up to their promise.").matched
    assert not point("stay with us", "Stay calm.").matched
    assert point("stay with us", "Customers who stay with us spend more.").matched
    assert not point("how they feel", "They feel fine.").matched
    assert point("how they feel", "Ask how the customer feels.").matched


def test_hyphenated_compounds_match_hyphenated_spaced_or_solid() -> None:
    for answer in ("a one-to-one meeting", "a one to one meeting"):
        assert point("one-to-one", answer).matched, answer
    assert not point("one-to-one", "one day soon").matched
    for answer in ("a follow-up call", "a follow up call", "a followup call"):
        assert point("follow-up", answer).matched, answer
    assert point("buy-in", "get buy in from staff").matched


def test_right_to_be_forgotten_is_not_a_negation() -> None:
    answer = "Customers have the right to be forgotten under GDPR."
    assert point("GDPR", answer).matched
    assert point("right to be forgotten", answer).matched


def test_costs_nothing_is_not_a_negation() -> None:
    assert point("smile", "It costs nothing to smile at a customer.").matched
    assert point("costs nothing", "Being polite costs nothing.").matched


def test_real_negations_still_take_the_point_away() -> None:
    assert point("apologise", "I would hardly apologise.").negated
    assert point("apologise", "I would no longer apologise.").negated
    assert point("apologise", "I would never forget to apologise.").matched
    assert not point("apologise", "I would never apologise.").matched


def test_a_long_word_with_a_short_stem_still_forgives_a_slip() -> None:
    # "iteration" stems to "iter": the word as written decides how many slips it may carry.
    assert point("iteration", "Use itteration with a loop.").matched
    assert not point("rude", "They were rule-bound.").matched


def test_numbers_in_words_or_figures_are_the_same_number() -> None:
    assert point("within 14 days", "Refunds are given within fourteen days.").matched
    assert point("two forms of ID", "Ask for 2 forms of ID.").matched
    assert not point("within 14 days", "Refunds are given within four days.").matched


def test_of_two_answers_making_the_same_points_the_one_on_the_subject_scores_higher() -> None:
    rubric = Rubric(
        (
            RubricPoint("apologise"),
            RubricPoint("offer a refund"),
            RubricPoint("record the complaint"),
        ),
        needed=3,
    )
    focused = score_answer("I would apologise and offer a refund.", rubric)
    padded = score_answer(
        "I would apologise and offer a refund, weather permitting, after lunch on Tuesday "
        "with my favourite pen and a biscuit.",
        rubric,
    )
    assert focused.judgement == padded.judgement == Judgement.PARTLY_MET
    assert focused.score > padded.score
    # Between whole points only: two of three points never score as much as three.
    assert 2 / 3 <= padded.score < focused.score < 1.0


def test_function_words_earn_no_near_miss_credit() -> None:
    # "us" is as near "business" in letters as any typo, and means nothing.
    assert point("business", "Tell us.").similarity == 0.0


def test_the_blend_never_lowers_a_complete_answer_nor_lifts_an_empty_one() -> None:
    rubric = Rubric(
        (RubricPoint("listen"), RubricPoint("apologise", ("say sorry",)), RubricPoint("resolve")),
        needed=2,
    )
    complete = "I listen, say sorry and resolve it, then chat about the weather at length."
    assert score_answer(complete, rubric).score == 1.0
    assert score_answer("I am not sure.", rubric).score < 0.05
