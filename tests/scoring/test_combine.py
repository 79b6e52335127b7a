"""A criterion is judged on all the learner's answers to its question, and what is shown of
the machine's judgement (the points covered of the points needed) never contradicts it."""

from __future__ import annotations

from functools import cache

import pytest

from tutor.banks.files import load_bank
from tutor.banks.model import Bank, Question, Rubric, RubricPoint
from tutor.scoring import Judgement, Score, score_answer
from tutor.scoring.judgement import combine
from tutor.scoring.result import LABELS, label

COMPLAINT = Rubric(
    (
        RubricPoint("apologise", ("say sorry",)),
        RubricPoint("listen to the customer", ("hear them out",)),
        RubricPoint("offer a refund", ("give their money back",)),
        RubricPoint("tell the manager", ("inform a supervisor",)),
    ),
    needed=3,
)
QUESTION = "How would you handle a customer who complains about a faulty kettle?"


def scored(answer: str, rubric: Rubric = COMPLAINT, verb: str = "Describe") -> Score:
    return score_answer(answer, rubric, verb, (QUESTION,))


@cache
def shipped() -> Bank:
    return load_bank()[0]


def shipped_question(ref: str) -> tuple[Question, str, str]:
    unit_ref, criterion_id = ref.split()
    unit = shipped().unit(unit_ref)
    assert unit is not None
    criterion = unit.criterion(criterion_id)
    assert criterion is not None
    return criterion.questions[0], criterion.verb, criterion.text


def test_a_point_made_in_a_follow_up_answer_counts_towards_the_criterion() -> None:
    main = scored("I would say sorry and hear them out.")
    follow_up = scored("I'd give their money back.")
    assert main.judgement is Judgement.PARTLY_MET
    assert follow_up.judgement is Judgement.PARTLY_MET  # alone, one point
    result = combine(COMPLAINT, "Describe", {3: main, 5: follow_up})
    assert result.judgement is Judgement.MET
    assert result.summary == "Met · 3 of 3 points"
    assert result.missed == ("tell the manager",)


def test_a_follow_up_on_one_missed_point_never_asks_again_for_points_already_made() -> None:
    # J/506/2132 1.3 on the shipped bank: met on the main answer; the learner then answers
    # a follow-up on one point the main answer missed.
    question, verb, text = shipped_question("J/506/2132 1.3")
    prompts = (question.text, text)
    main = score_answer(
        "A clear service offer makes us stand out from competitors, which attracts new "
        "customers, and it keeps customers coming back because they know what to expect, "
        "so they stay loyal.",
        question.rubric,
        verb,
        prompts,
    )
    follow_up = score_answer(
        "It sets a clear standard for staff, so everyone knows the limits.",
        question.rubric,
        verb,
        prompts,
    )
    assert main.judgement is Judgement.MET
    assert follow_up.judgement is not Judgement.MET  # judged alone it would drop
    result = combine(question.rubric, verb, {4: main, 7: follow_up})
    assert result.judgement is Judgement.MET
    assert result.score >= max(main.score, follow_up.score)
    made_before = {p.text for p in main.points if p.matched}
    assert not made_before & set(result.missed)
    assert not any(point in result.feedback.split("also", 1)[-1] for point in made_before)
    assert "sets a clear standard for staff" not in result.missed


def test_each_point_keeps_the_evidence_of_the_answer_that_made_it() -> None:
    main_text = "I would say sorry first."
    follow_text = "Then I would hear them out properly."
    result = combine(COMPLAINT, "Describe", {3: scored(main_text), 5: scored(follow_text)})
    by_point = {p.text: p for p in result.points}
    apologise, listen = by_point["apologise"], by_point["listen to the customer"]
    assert apologise.answer == 3 and listen.answer == 5
    assert [main_text[e.start : e.end] for e in apologise.evidence] == ["say sorry"]
    heard = [follow_text[e.start : e.end] for e in listen.evidence]
    assert heard == [e.text for e in listen.evidence] and "hear" in heard[0]
    assert by_point["offer a refund"].answer is None and not by_point["offer a refund"].evidence


def test_reasons_given_in_any_answer_count() -> None:
    explain = "Explain"
    listed = scored("Say sorry, hear them out, give their money back", verb=explain)
    reasons = scored("I would say sorry because it calms them down.", verb=explain)
    assert listed.judgement is Judgement.PARTLY_MET and not listed.explained
    result = combine(COMPLAINT, explain, {1: listed, 2: reasons})
    assert result.explained
    assert result.judgement is Judgement.MET


def test_no_answer_with_reasons_keeps_an_explain_criterion_partly_met() -> None:
    explain = "Explain"
    first = scored("Say sorry, hear them out", verb=explain)
    second = scored("Give their money back, inform a supervisor", verb=explain)
    result = combine(COMPLAINT, explain, {1: first, 2: second})
    assert result.judgement is Judgement.PARTLY_MET
    assert result.summary == "Partly met · 3 of 3 points, reasons missing"


def test_one_answer_is_its_own_result() -> None:
    for answer in (
        "I would say sorry and hear them out.",
        "I would never apologise.",
        "How would you handle a customer who complains about a faulty kettle?",
        "",
    ):
        alone = scored(answer)
        result = combine(COMPLAINT, "Describe", {9: alone})
        assert (result.judgement, result.score, result.feedback) == (
            alone.judgement,
            alone.score,
            alone.feedback,
        )
        assert all(p.answer == (9 if p.matched else None) for p in result.points)


def test_an_answer_that_repeats_the_question_earns_nothing_beside_others() -> None:
    parroted = scored("A customer who complains about a faulty kettle, I would handle it.")
    genuine = scored("I'd hear them out.")
    assert parroted.parroted
    result = combine(COMPLAINT, "Describe", {1: parroted, 2: genuine})
    assert not result.parroted
    assert {p.text for p in result.points if p.matched} == {"listen to the customer"}
    only_parroted = combine(COMPLAINT, "Describe", {1: parroted, 2: parroted})
    assert only_parroted.judgement is Judgement.NOT_YET_MET
    assert only_parroted.points_covered == 0


def test_a_negation_in_any_answer_is_named_when_no_answer_made_the_point() -> None:
    result = combine(
        COMPLAINT,
        "Describe",
        {1: scored("I would never apologise."), 2: scored("I'd hear them out.")},
    )
    assert next(p for p in result.points if p.text == "apologise").negated
    assert "You said not to “apologise”" in result.feedback


def test_answers_scored_against_another_rubric_are_refused() -> None:
    other = score_answer("say sorry", Rubric((RubricPoint("apologise"),), needed=1))
    with pytest.raises(ValueError, match="same rubric"):
        combine(COMPLAINT, "Describe", {1: scored("say sorry"), 2: other})
    with pytest.raises(ValueError):
        combine(COMPLAINT, "Describe", {})


def test_the_tally_never_contradicts_the_judgement() -> None:
    answers = [
        "",
        "I don't know.",
        "I would say sorry.",
        "Say sorry, hear them out, give their money back, inform a supervisor",
        "I would say sorry because it helps, hear them out and give their money back.",
        "How would you handle a customer who complains about a faulty kettle?",
    ]
    required = Rubric(
        (*COMPLAINT.points[:3], RubricPoint("tell the manager", ("inform a supervisor",), 1, True)),
        needed=2,
    )
    for rubric in (COMPLAINT, required):
        for verb in ("Describe", "Explain", "Identify"):
            for answer in answers:
                result = score_answer(answer, rubric, verb, (QUESTION,))
                covered, needed = result.points_covered, result.points_needed
                assert "%" not in result.summary
                if result.judgement is Judgement.MET:
                    assert covered == needed, (answer, verb)
                elif result.judgement is Judgement.NOT_YET_MET:
                    assert covered == 0, (answer, verb)
                else:
                    assert 0 < covered <= needed, (answer, verb)
                    assert covered < needed or "missing" in result.tally, (answer, verb)


def test_a_required_point_missed_is_said_beside_a_full_tally() -> None:
    rubric = Rubric(
        (*COMPLAINT.points[:3], RubricPoint("tell the manager", ("inform a supervisor",), 1, True)),
        needed=2,
    )
    result = score_answer("I would say sorry and hear them out.", rubric, "Describe")
    assert result.summary == "Partly met · 2 of 2 points, a required point missing"


def test_judgements_and_decisions_take_their_words_from_one_table() -> None:
    assert [label(j) for j in Judgement] == ["Met", "Partly met", "Not yet met"]
    assert label("insufficient_evidence") == "Insufficient evidence"
    assert label("pending") == "Pending"
    assert set(LABELS) >= {j.value for j in Judgement}


def test_a_stored_score_reads_back_the_same() -> None:
    result = scored("I would say sorry and hear them out.")
    again = Score.from_dict(result.to_dict())
    assert again.summary == result.summary
    assert again.to_dict() == result.to_dict()
    old = {k: v for k, v in result.to_dict().items() if k not in ("points_needed", "required")}
    assert Score.from_dict(old).judgement is result.judgement


def test_a_list_in_a_follow_up_does_not_make_the_whole_a_list() -> None:
    rubric = Rubric((RubricPoint("apologise"), RubricPoint("offer a refund")), needed=2)
    main = score_answer("I would apologise to them straight away.", rubric, "Describe")
    listed = score_answer("offer a refund, exchange, voucher", rubric, "Describe")
    assert listed.keyword_list and not main.keyword_list
    both = combine(rubric, "Describe", {1: main, 2: listed})
    assert both.judgement is Judgement.MET
    only_lists = combine(rubric, "Describe", {1: listed, 2: score_answer("apologise", rubric)})
    assert only_lists.judgement is Judgement.PARTLY_MET
