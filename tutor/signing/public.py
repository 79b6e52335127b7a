"""Public keys as people pass them around: the fingerprint, the exported file, a bare key."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from tutor.errors import SigningError
from tutor.text import one_line

ALGORITHM = "Ed25519"
PUBLIC_KEY_BYTES = 32
FINGERPRINT_PREFIX = "SHA256:"
# A public key file is a few hundred bytes; anything far larger is not one.
_MAX_PUBLIC_FILE = 64 * 1024
_HEX = re.compile(r"[0-9a-fA-F]{64}")
_PEM = re.compile(r"-----BEGIN PUBLIC KEY-----[A-Za-z0-9+/=\s]+-----END PUBLIC KEY-----", re.ASCII)


class PublicKeyError(SigningError):
    """A public key (a file or a typed key) that cannot be read as an Ed25519 key."""


def fingerprint(public_key: bytes) -> str:
    """'SHA256:ab12 cd34 …': SHA-256 of the raw 32-byte key, in sixteen groups of four hex."""
    digest = hashlib.sha256(public_key).hexdigest()
    return FINGERPRINT_PREFIX + " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def same_fingerprint(typed: str, known: str) -> bool:
    """Whether `typed` names the key `known`: case, spaces and the prefix do not matter, and a
    leading part of eight or more hex digits is enough."""
    wanted, full = _bare_fingerprint(typed), _bare_fingerprint(known)
    return len(wanted) >= 8 and full.startswith(wanted)


def _bare_fingerprint(text: str) -> str:
    text = text.strip()
    if text.upper().startswith(FINGERPRINT_PREFIX.upper()):
        text = text[len(FINGERPRINT_PREFIX) :]
    return "".join(text.split()).lower()


def key_text(public_key: bytes) -> str:
    """The raw public key as standard base64 (44 characters), as records carry it."""
    return base64.b64encode(public_key).decode("ascii")


def public_key_pem(public_key: bytes) -> str:
    """The key as a standard PEM SubjectPublicKeyInfo block, which OpenSSL reads too."""
    key = Ed25519PublicKey.from_public_bytes(public_key)
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def parse_public_key(text: str) -> bytes:
    """The raw 32-byte key from a PEM block (comment lines around it allowed), bare base64 of
    the raw key, or 64 hex digits. ValueError (a message for the user) if it is none."""
    stripped = text.strip()
    if block := _PEM.search(stripped):
        try:
            key = serialization.load_pem_public_key(block.group().encode("ascii"))
        except (ValueError, UnsupportedAlgorithm):
            raise ValueError("its PEM block is not a readable public key") from None
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("it holds a public key of another kind; tutor signs with Ed25519")
        return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    if _HEX.fullmatch(stripped):
        return bytes.fromhex(stripped)
    try:
        raw = base64.b64decode(stripped, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != PUBLIC_KEY_BYTES:
        raise ValueError(
            "it is not an Ed25519 public key (a file from tutor keys export, "
            "or the key as base64 or 64 hex digits)"
        )
    return raw


def read_public_key(path: Path) -> bytes:
    """The raw key in a file `tutor keys export` wrote (or one holding a bare key)."""
    try:
        with path.open("rb") as source:
            data = source.read(_MAX_PUBLIC_FILE + 1)
    except OSError as exc:
        raise PublicKeyError(
            f"cannot read the public key file {path} ({exc.strerror or exc})"
        ) from None
    try:
        if len(data) > _MAX_PUBLIC_FILE:
            raise ValueError("it is far too large to be a public key file")
        return parse_public_key(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise PublicKeyError(f"{path} is not a public key file: it is not text") from None
    except ValueError as exc:
        raise PublicKeyError(f"{path} is not a public key file: {one_line(str(exc))}") from None


def load_public_key(given: str) -> bytes:
    """What `verify --key` was given: the path of a public key file, else a key typed as
    base64 or hex."""
    path = Path(given)
    try:
        is_file = path.exists()
    except OSError:  # a name no file system could hold: a typed key, then
        is_file = False
    if is_file:
        return read_public_key(path)
    try:
        return parse_public_key(given)
    except ValueError:
        raise PublicKeyError(
            f"{one_line(given)[:80]} is neither a public key file nor a key "
            "(give a file from tutor keys export, or the key as base64 or hex)"
        ) from None
