from __future__ import annotations

from tutor.banks.verbs import command_verb, is_knowledge_outcome, is_target_criterion


def test_understand_and_know_outcomes_are_knowledge() -> None:
    assert is_knowledge_outcome("Understand how to deal with customers")
    assert is_knowledge_outcome("Know the legislation that applies")
    assert not is_knowledge_outcome("Be able to greet customers")


def test_knowledge_verbs_under_be_able_to_are_questioned() -> None:
    assert is_target_criterion(
        "Be able to improve service", "Analyse the implications of improvements to customer service"
    )
    assert is_target_criterion("Be able to resolve problems", "Explain the options available")


def test_explaining_something_to_a_customer_is_an_action_not_knowledge() -> None:
    assert not is_target_criterion(
        "Be able to deal with problems", "Explain the options to customers"
    )
    assert not is_target_criterion(
        "Be able to deal with problems", "Explain to the customer what will happen next"
    )
    assert not is_target_criterion("Be able to greet customers", "Greet customers")


def test_command_verb_is_the_first_word_when_known() -> None:
    assert command_verb("Explain the purpose of customer service") == "Explain"
    assert command_verb("deal with customers") == ""


def test_action_verbs_under_be_able_to_are_observed_not_questioned() -> None:
    for text in (
        "Give help and information to customers",
        "Select and use appropriate software",
        "Review progress toward personal objectives",
        "Clarify the customer's requirements",
        "Recognise opportunities to build relationships",
    ):
        assert not is_target_criterion("Be able to work with customers", text), text
    assert is_target_criterion("Understand software", "Select the features to use")
