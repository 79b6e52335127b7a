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

from tutor.digest import content_digest

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


# The details a sealed (seal 2) session's digest covers: everything its record shows of it
# that is not a turn. Status and end are not here: they are read from the chain.
SEALED_FIELDS = (
    *HEADER_FIELDS,
    "registration_number",
    "qualification",
    "delivery",
    "question_plan",
    "question_limit",
    "time_limit_seconds",
    "question_time_limit_seconds",
    "resit_of",
    "seal",
    "names",
)
SEAL = 2  # the seal new sessions get


def session_digest(header: Mapping[str, Any], last_hash: str, turn_count: int) -> str:
    """The digest of a session: its details, its number of turns and its last turn's hash.
    A sealed session (seal 2) covers every detail; older ones the details they covered."""
    if (header.get("seal") or 1) >= 2:
        body = {name: header.get(name) for name in SEALED_FIELDS}
    else:
        body = {name: header.get(name) for name in HEADER_FIELDS}
        if header.get("delivery") is not None:
            # Only where recorded, so digests of sessions from before schema 4 still verify.
            body["delivery"] = header["delivery"]
    body["last_hash"] = last_hash
    body["turns"] = turn_count
    return sha256_text(canonical_json(body))


def register_hash(session_id: int, started_at: str, prev_hash: str) -> str:
    """The hash of one entry of the session register, chained to the entry before."""
    body = {"session_id": session_id, "started_at": started_at, "prev_hash": prev_hash}
    return sha256_text(canonical_json(body))


def amendment_hash(amendment: Mapping[str, Any], prev_hash: str) -> str:
    """The hash of one amendment of a learner's details, chained to the one before."""
    return sha256_text(canonical_json({**amendment, "prev_hash": prev_hash}))


def question_matches(digest: str, question: Mapping[str, Any]) -> bool:
    """Whether a stored question's content still has the hash it is kept and cited under."""
    return content_digest(dict(question)) == digest


# After a session ends only the assessor's record may follow; after the countersignature,
# only its signature (and a note that the clock went back while it was made).
AFTER_END = frozenset(
    {"decision", "override", "declaration", "feedback", "anomaly", "signature"}
)
AFTER_SIGNING = frozenset({"signature", "anomaly"})


def chain_status(turns: Sequence[Mapping[str, Any]]) -> tuple[str, str | None]:
    """(status, ended_at) as the chain says: ended at its end turn, else paused or active
    by the last pause or resume."""
    status = "active"
    for turn in turns:
        if turn.get("kind") == "end":
            return "ended", turn.get("at")
        if turn.get("kind") in ("pause", "resume"):
            status = "paused" if turn["kind"] == "pause" else "active"
    return status, None


def turn_fields(turn: Mapping[str, Any]) -> dict[str, Any] | None:
    """The fields a record turn (a declaration, a signature …) keeps as JSON in its text;
    None where its text is not a JSON object."""
    try:
        fields = json.loads(turn.get("text") or "")
    except ValueError:
        return None
    return fields if isinstance(fields, dict) else None


def countersigned_at(turns: Sequence[Mapping[str, Any]]) -> int | None:
    """The seq of the countersignature's turn, if the record has been countersigned."""
    for turn in turns:
        if turn.get("kind") == "declaration":
            made = turn_fields(turn)
            if made is not None and made.get("kind") == "countersign":
                return int(turn["seq"])
    return None


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
            "the session's details (learner, registration, assessor, centre, qualification, "
            "mode, criteria, limits, start) or its list of turns were altered",
        )
    return closed_record_holds(header, turns)


def closed_record_holds(
    header: Mapping[str, Any], turns: Sequence[Mapping[str, Any]]
) -> Break | None:
    """A closed record stays closed: nothing but the assessor's record after the end turn,
    nothing after the countersignature, and (sealed sessions) the status and end time kept
    beside the chain as the chain says."""
    ended = next((t["seq"] for t in turns if t.get("kind") == "end"), None)
    signed = countersigned_at(turns)
    for turn in turns:
        if signed is not None and turn["seq"] > signed and turn.get("kind") not in AFTER_SIGNING:
            return Break(
                turn["seq"], f"turn {turn['seq']} was added after the record was countersigned"
            )
        if ended is not None and turn["seq"] > ended and turn.get("kind") not in AFTER_END:
            return Break(
                turn["seq"],
                f"turn {turn['seq']} ({turn.get('kind')}) was added after the session ended",
            )
    if (header.get("seal") or 1) < SEAL:
        return None  # the columns were written apart from their turns before seal 2
    status, ended_at = chain_status(turns)
    if "status" in header and header["status"] != status:
        return Break(None, f"the session's status was altered (its turns say {status})")
    if "ended_at" in header and header["ended_at"] != ended_at:
        return Break(None, "the session's end time was altered (its turns say otherwise)")
    return None


def signatures_hold(
    header: Mapping[str, Any], turns: Sequence[Mapping[str, Any]], public_key: bytes | None = None
) -> Break | None:
    """Each signature turn is a good signature over the session digest as it stood at the
    turn before it (by `public_key` when given): a chain rebuilt after signing, without the
    signer's private key, fails here. None when every signature holds."""
    made = [t for t in turns if t.get("kind") == "signature"]
    if not made:
        return None
    # Only sessions that were signed need the cryptography library.
    from tutor.signing.signatures import Signature, SignatureFormatError, verify_signature

    by_seq = {t["seq"]: t for t in turns}
    for turn in made:
        seq = turn["seq"]
        before = by_seq.get(seq - 1)
        digest = session_digest(header, before["hash"] if before else GENESIS, seq - 1)
        try:
            signature = Signature.from_dict(turn_fields(turn) or {})
        except SignatureFormatError:
            return Break(seq, f"the signature at turn {seq} is not a signature")
        if not verify_signature(signature, digest, public_key):
            whose = "that key's" if public_key is not None else "its signer's"
            return Break(
                seq,
                f"the signature at turn {seq} is not {whose} over the record as it stood: "
                "the record was changed after it was signed, or signed by another key",
            )
    return None


def signers(turns: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Who signed the record: each signature turn's block, as stored."""
    out = []
    for turn in turns:
        if turn.get("kind") == "signature" and (block := turn_fields(turn)) is not None:
            out.append({**block, "seq": turn["seq"]})
    return out
