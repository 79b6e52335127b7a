from __future__ import annotations

from tutor.sessions.plain import flowing, printable


def test_an_answer_with_escape_codes_is_shown_escaped_never_raw() -> None:
    assert printable("ok\x1b[31mred\nnext") == "ok\\x1b[31mred\\nnext"


def test_a_model_answer_wrapped_by_its_author_reads_as_one_line() -> None:
    assert flowing("I would say sorry,\nthen put it right.\n") == (
        "I would say sorry, then put it right."
    )
