"""Tamper evidence: canonical JSON, turn hashes chained to the previous turn, the session digest.

The one home of this arithmetic. It works on plain dicts so an exported JSON record can be
verified offline with nothing but this module. A turn's hash covers its place (`seq`), time
(`at`), kind, actor, criterion, question version (`question_hash`), text, machine score and,
where stored, timing, and the previous turn's hash; the first turn chains to `GENESIS`. The
session digest covers the session's header (who, what, when) and the last turn's hash, so
changing any turn, adding or removing one, or rewriting the header changes it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

GENESIS = ""

# The fields of a turn that its hash covers, in the order they are documented.
TURN_FIELDS = ("seq", "at", "kind", "actor", "criterion", "question_hash", "text", "score")
# The fields of a session that its digest covers.
HEADER_FIELDS = (
    "id",
    "learner",
    "assessor",
    "centre",
    "mode",
    "planned_criteria",
    "started_at",
)


def canonical_json(value: Any) -> str:
    """JSON with sorted keys, no spaces and real Unicode: the same value gives the same text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()


def _score_value(score: Any) -> Any:
    """A score as stored (JSON text) or as exported (a dict) hashes the same."""
    if isinstance(score, str):
        return json.loads(score)
    return score


def turn_hash(turn: Mapping[str, Any], prev_hash: str) -> str:
    """The hash of one turn chained to `prev_hash`."""
    body = {name: turn.get(name) for name in TURN_FIELDS}
    body["score"] = _score_value(body["score"])
    if turn.get("timing") is not None:
        # Only where stored, so hashes of turns from before schema 6 still verify.
        body["timing"] = _score_value(turn["timing"])
    body["prev_hash"] = prev_hash
    return sha256_text(canonical_json(body))


def chain(turns: Sequence[Mapping[str, Any]]) -> list[str]:
    """The hash of each turn in order, each chained to the one before."""
    hashes: list[str] = []
    prev = GENESIS
    for turn in turns:
        prev = turn_hash(turn, prev)
        hashes.append(prev)
    return hashes


def verify_chain(turns: Sequence[Mapping[str, Any]]) -> int | None:
    """The index of the first turn whose stored `prev_hash`/`hash` does not match its content,
    or None when the whole chain holds. Turns must be in `seq` order."""
    prev = GENESIS
    for index, turn in enumerate(turns):
        if turn.get("prev_hash") != prev or turn_hash(turn, prev) != turn.get("hash"):
            return index
        prev = turn["hash"]
    return None


def session_digest(header: Mapping[str, Any], last_hash: str, turn_count: int) -> str:
    """The digest of a session: its header, its number of turns and its last turn's hash."""
    body = {name: header.get(name) for name in HEADER_FIELDS}
    if header.get("delivery") is not None:
        # Only where recorded, so digests of sessions from before schema 4 still verify.
        body["delivery"] = header["delivery"]
    body["last_hash"] = last_hash
    body["turns"] = turn_count
    return sha256_text(canonical_json(body))


@dataclass(frozen=True)
class Break:
    """Where a transcript stops holding: the first turn at fault (None for the session's
    details) and what is wrong, in words a quality assurer can act on."""

    seq: int | None
    problem: str


def verify_transcript(
    header: Mapping[str, Any], turns: Sequence[Mapping[str, Any]], digest: str
) -> Break | None:
    """Check a session's turns and details as stored or as exported: turns numbered 1, 2, 3
    … with none missing or moved, each turn's hash chained to the one before, and the
    session digest over the details, the number of turns and the last hash. None when all
    hold. The one check behind `Store.verify` and the verification of exported records."""
    for expected, turn in enumerate(turns, 1):
        if turn.get("seq") != expected:
            return Break(expected, f"turn {expected} is missing or out of place")
    bad = verify_chain(turns)
    if bad is not None:
        turn = turns[bad]
        return Break(turn["seq"], f"turn {turn['seq']} ({turn.get('kind')}) was altered")
    last = turns[-1]["hash"] if turns else GENESIS
    if session_digest(header, last, len(turns)) != digest:
        return Break(
            None,
            "the session's details (learner, assessor, centre, mode, criteria, start) or its "
            "list of turns were altered",
        )
    return None
