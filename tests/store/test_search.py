"""Full-text search as a user expects it: word forms, no-word queries, whole numbers, records
in words."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.store.store_helpers import REF, add_answer, new_session
from tutor.banks.model import Question
from tutor.scoring.result import Decision
from tutor.store.model import DecisionRecord
from tutor.store.queries import Store
from tutor.store.schema import MIGRATIONS
from tutor.store.search import parse_query

QUESTION = Question(id="q1", text="How should you handle a customer complaint?")


def _session(store: Store, learner: str = "Ann") -> int:
    return new_session(store, learner, mode="assessment", assessor="Jo Khan", question=QUESTION)


def _decide(store: Store, session_id: int, reason: str) -> None:
    record = DecisionRecord(
        criterion=REF,
        decision=Decision.NOT_YET_MET,
        reason=reason,
        overrides_machine=False,
        decided_by="Jo Khan",
        decided_at="2026-11-02T09:10:00.000Z",
    )
    store.record_decision(session_id, record, machine=None, at="2026-11-02T09:10:00.000Z")


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "t.db") as opened:
        yield opened


def texts(store: Store, query: str) -> list[str]:
    return [hit.text for hit in store.search(query)]


def test_a_word_finds_its_other_forms(store: Store) -> None:
    session_id = _session(store)
    add_answer(store, session_id, "I log all complaints and apologised at once")
    add_answer(store, session_id, "I listen carefully")
    assert texts(store, "complaint") == ["I log all complaints and apologised at once"]
    assert texts(store, "Apologise") == ["I log all complaints and apologised at once"]
    assert texts(store, "listening") == ["I listen carefully"]


def test_accents_do_not_stop_a_match(store: Store) -> None:
    session_id = _session(store)
    add_answer(store, session_id, "We met at the café")
    assert texts(store, "cafe") == ["We met at the café"]


@pytest.mark.parametrize("query", ["😀", "£", "— …", '"', "   "])
def test_a_query_with_no_searchable_word_matches_nothing(store: Store, query: str) -> None:
    session_id = _session(store)
    add_answer(store, session_id, "I smiled 😀 and said £ signs")
    assert parse_query(query).match == ""
    assert store.search(query) == []


def test_an_emoji_beside_a_word_searches_for_the_word(store: Store) -> None:
    session_id = _session(store)
    add_answer(store, session_id, "thanks 😀")
    assert texts(store, "thanks😀") == ["thanks 😀"]


def test_a_price_does_not_match_a_decimal_holding_its_digit(store: Store) -> None:
    session_id = _session(store)
    for text in ("a refund of £5 at once", "about 1.5 days", "£15 off", "it cost £5.50", "£5.00"):
        add_answer(store, session_id, text)
    assert sorted(texts(store, "£5")) == ["a refund of £5 at once", "£5.00"]
    assert sorted(texts(store, "5")) == ["a refund of £5 at once", "£5.00"]
    assert texts(store, "1.5") == ["about 1.5 days"]
    assert texts(store, "5.50") == ["it cost £5.50"]


def test_numbers_are_checked_beyond_the_first_page_of_candidates(store: Store) -> None:
    session_id = _session(store)
    for i in range(300):
        add_answer(store, session_id, f"step 1.5 number {i}")
    add_answer(store, session_id, "a refund of £5")
    assert texts(store, "£5") == ["a refund of £5"]
    assert len(store.search("1.5", limit=250)) == 250


def test_a_decision_is_found_by_its_words_and_shown_in_words(store: Store) -> None:
    session_id = _session(store)
    _decide(store, session_id, "no examples of complaints given")
    hits = store.search("complaint example")
    assert [hit.kind for hit in hits] == ["decision"]
    assert hits[0].readable == (
        "Decision on J/506/2132 1.1: not yet met — no examples of complaints given"
    )
    assert "{" not in hits[0].readable
    assert hits[0].text.startswith("{")  # stored as the chain has it


def test_json_keys_of_records_are_not_searched(store: Store) -> None:
    session_id = _session(store)
    _decide(store, session_id, "clear and complete")
    for key in ("decided_at", "overrides", "machine", "false", "2026"):
        assert store.search(key) == [], key


def test_an_older_database_is_reindexed_for_stemming(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for version in (1, 2, 3, 4):
        MIGRATIONS[version](conn)
    conn.execute("PRAGMA user_version = 4")
    conn.execute("INSERT INTO learners (id, name, created_at) VALUES (1, 'Ann', '')")
    conn.execute(
        "INSERT INTO sessions (id, learner_id, mode, planned_criteria, question_plan, status, "
        "started_at, digest) VALUES (1, 1, 'practice', '[]', '[]', 'ended', '', '')"
    )
    conn.execute(
        "INSERT INTO turns (session_id, seq, at, kind, actor, text, prev_hash, hash) "
        "VALUES (1, 1, '', 'answer', 'learner', 'three complaints this week', '', '')"
    )
    old = "SELECT count(*) FROM turns_fts WHERE turns_fts MATCH 'complaint'"
    assert conn.execute(old).fetchone()[0] == 0  # version 4 indexed words as written
    conn.close()
    with Store.open(path) as store:
        assert texts(store, "complaint") == ["three complaints this week"]
        add_answer(store, 1, "two more complaints")
        assert sorted(texts(store, "complaint")) == [
            "three complaints this week",
            "two more complaints",
        ]
        # The index agrees with the text it was built from (raises if not).
        store.conn.execute("INSERT INTO turns_fts (turns_fts, rank) VALUES ('integrity-check', 1)")
