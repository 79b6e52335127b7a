"""An assessment ends and is countersigned with the assessor's key; `verify --key` proves
who signed it and that nothing changed since, and a chain rebuilt without the key fails."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.cli.cli_helpers import chat_plain, run
from tests.sessions.session_fixtures import PURPOSE, write_tiny_bank
from tutor.signing.keys import init_key, public_key_file, rotate
from tutor.store import integrity
from tutor.store.queries import Store
from tutor.store.transaction import digest_header


@pytest.fixture
def keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "keys"
    monkeypatch.setenv("TUTOR_KEYS", str(folder))
    return folder


def signed_assessment(tmp_path: Path, keys: Path) -> tuple[Path, Path]:
    """A countersigned assessment made with Jo Khan's key; (database, public key file)."""
    info = init_key("Jo Khan", keys, clock=lambda: datetime(2026, 12, 1, tzinfo=UTC))
    public = tmp_path / "jo.pub"
    public.write_text(public_key_file(info), encoding="utf-8")
    banks = write_tiny_bank(tmp_path / "banks")
    db = tmp_path / "t.db"
    script = "customers come back\n\nAnn\nmet\ngood answer\nwell done\nnone\nJo Khan\n"
    result = chat_plain(
        db, banks, "--learner", "Ann", "--criteria", PURPOSE, "--mode", "assessment",
        "--assessor", "Jo Khan", input=script,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return db, public


def test_a_signed_session_verifies_with_its_key_and_names_the_signer(
    tmp_path: Path, keys: Path
) -> None:
    db, public = signed_assessment(tmp_path, keys)
    kinds = [r[0] for r in sqlite3.connect(db).execute("SELECT kind FROM turns ORDER BY seq")]
    assert kinds.count("signature") == 2  # at the end, and after the countersignature
    assert kinds[-1] == "signature"
    result = run("--db", str(db), "verify", "1", "--key", str(public))
    assert result.exit_code == 0, result.output
    assert "Signed by Jo Khan (key SHA256:" in result.output
    other = init_key("Someone", tmp_path / "other", clock=lambda: datetime.now(UTC))
    wrong = run("--db", str(db), "verify", "1", "--key", other.public_key_text)
    assert wrong.exit_code == 1 and "signature" in wrong.output


def test_a_chain_rebuilt_without_the_key_fails(tmp_path: Path, keys: Path) -> None:
    db, public = signed_assessment(tmp_path, keys)
    conn = sqlite3.connect(db)
    rows = [
        dict(zip([d[0] for d in cur.description], row, strict=True))
        for cur in [conn.execute("SELECT * FROM turns WHERE session_id = 1 ORDER BY seq")]
        for row in cur.fetchall()
    ]
    # The attacker changes the answer and recomputes every hash and the digest.
    answer = next(r for r in rows if r["kind"] == "answer")
    answer["text"] = "customers come back because we meet their needs and they tell friends"
    prev = integrity.GENESIS
    for row in rows:
        row["hash"] = integrity.turn_hash(row, prev)
        row["prev_hash"] = prev
        conn.execute(
            "UPDATE turns SET text = ?, prev_hash = ?, hash = ? WHERE id = ?",
            (row["text"], row["prev_hash"], row["hash"], row["id"]),
        )
        prev = row["hash"]
    conn.commit()
    conn.close()
    with Store.open(db) as store:  # and the session digest, as verify computes it
        header = digest_header(store.session(1))
        digest = integrity.session_digest(header, prev, len(rows))
        store.conn.execute("UPDATE sessions SET digest = ? WHERE id = 1", (digest,))
    result = run("--db", str(db), "verify", "1", "--key", str(public))
    assert result.exit_code == 1
    assert "the signature at turn" in result.output, result.output
    unkeyed = run("--db", str(db), "verify", "1")
    assert unkeyed.exit_code == 1 and "is not its signer's" in unkeyed.output


def test_an_exported_record_carries_and_proves_its_signature(tmp_path: Path, keys: Path) -> None:
    db, public = signed_assessment(tmp_path, keys)
    out = tmp_path / "record.json"
    exported = run("--db", str(db), "export", "1", "--format", "json", "--out", str(out))
    assert exported.exit_code == 0, exported.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [s["signer"] for s in doc["record"]["signatures"]] == ["Jo Khan", "Jo Khan"]
    good = run("verify", str(out), "--key", str(public))
    assert good.exit_code == 0 and "Signed by Jo Khan" in good.output, good.output
    md = tmp_path / "record.md"
    run("--db", str(db), "export", "1", "--format", "md", "--out", str(md))
    assert "Jo Khan, key SHA256:" in md.read_text(encoding="utf-8")
    rotate(keys, clock=lambda: datetime.now(UTC))  # a new key: the old record still verifies
    assert run("verify", str(out), "--key", str(public)).exit_code == 0


def test_an_unsigned_record_fails_verify_with_a_key(tmp_path: Path) -> None:
    banks = write_tiny_bank(tmp_path / "banks")
    db = tmp_path / "t.db"
    result = chat_plain(db, banks, "--learner", "Ann", "--criteria", PURPOSE, input="x\n\n")
    assert result.exit_code == 0, result.output
    other = init_key("Someone", tmp_path / "other", clock=lambda: datetime.now(UTC))
    checked = run("--db", str(db), "verify", "1", "--key", other.public_key_text)
    assert checked.exit_code == 1 and "not signed" in checked.output
