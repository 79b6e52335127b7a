"""Signing a digest and checking a signature: what a record carries to prove who sealed it.

What is signed is not the digest alone but a short canonical JSON message binding the
digest to the signer's name and the time of signing (`signed_message`), so neither can be
changed without the signature failing.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from tutor.errors import SigningError
from tutor.signing.keys import Clock, SigningKey
from tutor.signing.public import ALGORITHM, PUBLIC_KEY_BYTES, fingerprint
from tutor.timestamps import iso

# Names what the signature is over, so a signature made here means nothing anywhere else.
CONTEXT = "tutor-signature/1"
SIGNATURE_BYTES = 64


class SignatureFormatError(SigningError):
    """A signature block that is not one (a field missing or of the wrong kind)."""


@dataclass(frozen=True)
class Signature:
    """A signature over a digest, with what a reader needs to check it and see who made it."""

    algorithm: str  # "Ed25519"
    signer: str  # the key holder's name
    public_key: str  # base64 of the raw 32-byte public key
    fingerprint: str  # "SHA256:ab12 cd34 …" of that key
    signed_at: str  # ISO-8601 UTC
    signature: str  # base64 of the 64-byte signature over signed_message(...)

    def to_dict(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Signature:
        """A signature block read back from JSON; SignatureFormatError if it is not one."""
        names = list(cls.__dataclass_fields__)
        if not isinstance(data, Mapping):
            raise SignatureFormatError("the signature is not a block of fields")
        missing = [n for n in names if not isinstance(data.get(n), str)]
        if missing:
            raise SignatureFormatError(
                f"the signature's {', '.join(missing)} {'is' if len(missing) == 1 else 'are'} "
                "missing or not text"
            )
        return cls(**{n: data[n] for n in names})


def signed_message(digest_text: str, signer: str, signed_at: str) -> bytes:
    """The exact bytes signed: compact JSON, keys sorted, UTF-8."""
    message = {"context": CONTEXT, "digest": digest_text, "signed_at": signed_at, "signer": signer}
    return json.dumps(message, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def sign(key: SigningKey, digest_text: str, *, clock: Clock) -> Signature:
    """`digest_text` signed by `key` now (by `clock`)."""
    signed_at = iso(clock())
    raw = key.private.sign(signed_message(digest_text, key.name, signed_at))
    return Signature(
        algorithm=ALGORITHM,
        signer=key.name,
        public_key=key.info.public_key_text,
        fingerprint=key.fingerprint,
        signed_at=signed_at,
        signature=base64.b64encode(raw).decode("ascii"),
    )


def verify_signature(
    signature: Signature, digest_text: str, public_key: bytes | None = None
) -> bool:
    """Whether `signature` is a good one over `digest_text`. With `public_key` (raw 32
    bytes), also that it was made by that key; without, only by the key the signature
    names, which proves no more than that the digest has not changed since that key signed."""
    if signature.algorithm != ALGORITHM:
        return False
    named = _decode(signature.public_key, PUBLIC_KEY_BYTES)
    raw = _decode(signature.signature, SIGNATURE_BYTES)
    if named is None or raw is None or fingerprint(named) != signature.fingerprint:
        return False
    if public_key is not None and public_key != named:
        return False
    message = signed_message(digest_text, signature.signer, signature.signed_at)
    try:
        Ed25519PublicKey.from_public_bytes(named).verify(raw, message)
    except InvalidSignature:
        return False
    return True


def _decode(text: str, size: int) -> bytes | None:
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == size else None
