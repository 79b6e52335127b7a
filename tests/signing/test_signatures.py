"""Signatures over a digest: they verify for the digest and key they were made with, and
for nothing else."""

from __future__ import annotations

import base64
import json
from dataclasses import replace

import pytest

from tests.signing.key_fixtures import LATER, MADE, at
from tutor.signing import (
    Signature,
    SignatureFormatError,
    active_key,
    init_key,
    sign,
    signed_message,
    verify_signature,
)

DIGEST = "sha256:5f2b0c9a77e1"


@pytest.fixture
def key(tmp_path):
    init_key("Jo Khan", tmp_path / "keys", clock=at(MADE))
    return active_key(tmp_path / "keys")


@pytest.fixture
def other_key(tmp_path):
    init_key("Sam Forger", tmp_path / "other", clock=at(MADE))
    return active_key(tmp_path / "other")


def test_a_signature_carries_who_signed_and_when(key):
    signed = sign(key, DIGEST, clock=at(LATER))
    assert signed.algorithm == "Ed25519"
    assert signed.signer == "Jo Khan"
    assert signed.public_key == key.info.public_key_text
    assert signed.fingerprint == key.fingerprint
    assert signed.signed_at == "2027-03-01T14:00:00.000Z"
    assert len(base64.b64decode(signed.signature)) == 64


def test_sign_then_verify_round_trip(key):
    signed = sign(key, DIGEST, clock=at(LATER))
    assert verify_signature(signed, DIGEST)
    assert verify_signature(signed, DIGEST, key.info.public_key)


@pytest.mark.parametrize("changed", ["sha256:5f2b0c9a77e2", "", DIGEST + " ", DIGEST.upper()])
def test_a_changed_digest_fails(key, changed):
    assert not verify_signature(sign(key, DIGEST, clock=at(LATER)), changed)


def test_a_different_key_fails(key, other_key):
    signed = sign(key, DIGEST, clock=at(LATER))
    assert not verify_signature(signed, DIGEST, other_key.info.public_key)


def test_a_signature_re_made_by_another_key_fails_against_the_right_key(key, other_key):
    forged = sign(other_key, DIGEST, clock=at(LATER))
    forged = replace(forged, signer="Jo Khan")
    # Without a key the forger's own key is all that is checked: this is why --key matters.
    assert not verify_signature(forged, DIGEST)  # the signer's name is signed too
    assert not verify_signature(forged, DIGEST, key.info.public_key)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("signer", "Someone Else"),
        ("signed_at", "2020-01-01T00:00:00.000Z"),
        ("algorithm", "RSA"),
        ("fingerprint", "SHA256:0000"),
        ("public_key", "not base64!"),
        ("signature", "AAAA"),
        ("signature", base64.b64encode(bytes(64)).decode()),
    ],
)
def test_any_edited_field_fails(key, field, value):
    signed = sign(key, DIGEST, clock=at(LATER))
    assert not verify_signature(replace(signed, **{field: value}), DIGEST)


def test_swapping_in_another_public_key_and_its_fingerprint_fails(key, other_key):
    signed = sign(key, DIGEST, clock=at(LATER))
    swapped = replace(
        signed, public_key=other_key.info.public_key_text, fingerprint=other_key.fingerprint
    )
    assert not verify_signature(swapped, DIGEST)


def test_the_signed_message_is_canonical_json_binding_digest_signer_and_time():
    message = signed_message(DIGEST, "Siân O’Neil", "2027-03-01T14:00:00.000Z")
    assert json.loads(message) == {
        "context": "tutor-signature/1",
        "digest": DIGEST,
        "signed_at": "2027-03-01T14:00:00.000Z",
        "signer": "Siân O’Neil",
    }
    assert message.startswith(b'{"context":"tutor-signature/1","digest":')
    assert "Siân O’Neil".encode() in message


def test_a_signature_survives_json(key):
    signed = sign(key, DIGEST, clock=at(LATER))
    back = Signature.from_dict(json.loads(json.dumps(signed.to_dict())))
    assert back == signed and verify_signature(back, DIGEST, key.info.public_key)


@pytest.mark.parametrize(
    ("data", "named"),
    [({}, "algorithm, signer"), ({"signer": 3}, "signer"), ([], "not a block")],
)
def test_a_signature_block_that_is_not_one_is_named(key, data, named):
    block = sign(key, DIGEST, clock=at(LATER)).to_dict()
    if isinstance(data, dict) and data:
        block.update(data)
    else:
        block = data
    with pytest.raises(SignatureFormatError, match=named):
        Signature.from_dict(block)
