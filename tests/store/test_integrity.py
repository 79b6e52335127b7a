from __future__ import annotations

import json

from tutor.store import integrity


def _turns(n: int) -> list[dict]:
    turns = []
    prev = integrity.GENESIS
    for seq in range(1, n + 1):
        turn = {
            "seq": seq,
            "at": f"2026-11-02T09:00:0{seq}.000Z",
            "kind": "answer",
            "actor": "learner",
            "criterion": "J/506/2132 1.1",
            "question_hash": "ab" * 32,
            "text": f"answer {seq}",
            "score": {"score": 0.5, "judgement": "partly_met"},
        }
        turn["prev_hash"] = prev
        turn["hash"] = prev = integrity.turn_hash(turn, prev)
        turns.append(turn)
    return turns


def test_an_untouched_chain_verifies() -> None:
    assert integrity.verify_chain(_turns(5)) is None


def test_an_edited_turn_is_the_first_bad_index() -> None:
    turns = _turns(5)
    turns[2]["text"] = "a better answer, written later"
    assert integrity.verify_chain(turns) == 2


def test_an_edited_score_or_time_breaks_the_chain() -> None:
    turns = _turns(3)
    turns[1]["score"] = {"score": 1.0, "judgement": "met"}
    assert integrity.verify_chain(turns) == 1
    turns = _turns(3)
    turns[0]["at"] = "2026-11-03T09:00:01.000Z"
    assert integrity.verify_chain(turns) == 0


def test_a_removed_turn_is_found() -> None:
    turns = _turns(4)
    del turns[1]
    assert integrity.verify_chain(turns) == 1


def test_score_as_stored_text_or_exported_object_hashes_the_same() -> None:
    turns = _turns(2)
    as_text = [dict(t, score=json.dumps(t["score"], indent=2)) for t in turns]
    assert integrity.verify_chain(as_text) is None


def test_digest_covers_the_header_and_the_last_turn() -> None:
    header = {"id": 1, "learner": "Ann", "mode": "practice", "planned_criteria": ["x"]}
    digest = integrity.session_digest(header, "h", 3)
    assert integrity.session_digest(dict(header, learner="Bea"), "h", 3) != digest
    assert integrity.session_digest(header, "h2", 3) != digest
    assert integrity.session_digest(header, "h", 2) != digest
    assert integrity.session_digest(dict(header), "h", 3) == digest
