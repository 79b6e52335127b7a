"""Answer text becomes comparable words without losing where each word was typed."""

from __future__ import annotations

from tutor.scoring.normalise import british, normalise_word, tokenise


def test_tokens_slice_the_original_text_exactly() -> None:
    text = "Ｉ’d say “sorry” – and ﬁx it, don't you think? Café №5."
    for token in tokenise(text):
        assert text[token.start : token.end] == token.text


def test_words_are_folded_to_lower_case_british_spelling() -> None:
    assert normalise_word("Apologize") == "apologise"
    assert normalise_word("ORGANIZATION") == "organisation"
    assert normalise_word("behavior") == "behaviour"
    assert normalise_word("customer’s") == "customer"


def test_size_and_prize_keep_their_z() -> None:
    assert british("size") == "size"
    assert british("prize") == "prize"


def test_inflections_share_a_stem() -> None:
    stems = {t.stem for t in tokenise("apologise apologising apologised apologizes")}
    assert len(stems) == 1


def test_commas_and_full_stops_start_new_clauses() -> None:
    tokens = tokenise("I would not argue, I would apologise. Then listen")
    clauses = [t.clause for t in tokens]
    assert clauses == sorted(clauses)
    assert tokens[3].clause < tokens[4].clause  # the comma
    assert tokens[6].sentence < tokens[7].sentence  # the full stop
