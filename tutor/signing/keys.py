"""A signer's Ed25519 key pair, kept in a folder of their own (`tutor keys`).

The folder holds `keyring.json` (every key made here: name, public key, fingerprint,
created, retired) and the active key's private half as `ed25519-<16 hex>.pem`
(unencrypted PKCS#8 PEM, owner-only). Rotating retires the active key: its public half stays
in the keyring, so records it signed still verify, and its private file is deleted, so it
can sign nothing more.
"""

from __future__ import annotations

import json
import os
import secrets
import shlex
import stat
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tutor.errors import SigningError
from tutor.signing.public import (
    ALGORITHM,
    PUBLIC_KEY_BYTES,
    fingerprint,
    key_text,
    parse_public_key,
    public_key_pem,
    same_fingerprint,
)
from tutor.text import clean_line, one_line
from tutor.timestamps import iso

Clock = Callable[[], datetime]

KEYRING = "keyring.json"
KEYRING_FORMAT = "tutor-keyring/1"
# A name as a person types it on a record; longer is a mistake, not a name.
MAX_NAME = 200
# A private key or keyring file is a few kilobytes at most.
_MAX_FILE = 1024 * 1024
_OWNER_ONLY = 0o600
_OWNER_FOLDER = 0o700
# Permission checks mean nothing where the OS does not keep POSIX modes.
_POSIX = os.name == "posix"


class NoSigningKey(SigningError):
    """No active key in the folder yet."""


class KeyExists(SigningError):
    """`init` would replace an active key; that is what rotation is for."""


class KeyFileError(SigningError):
    """A key or keyring file that cannot be read, or does not hold what it should."""


class KeyPermissionError(SigningError):
    """A private key others could read: refused, as ssh refuses one."""


@dataclass(frozen=True)
class KeyInfo:
    """One key of the keyring: its public half and its history."""

    name: str
    public_key: bytes  # the raw 32 bytes
    fingerprint: str
    created_at: str  # ISO-8601 UTC, as timestamps.iso writes it
    retired_at: str | None = None

    @property
    def active(self) -> bool:
        return self.retired_at is None

    def to_dict(self) -> dict[str, Any]:
        """As the keyring file keeps it (and `tutor keys show --json` shows it)."""
        return {
            "name": self.name,
            "algorithm": ALGORITHM,
            "public_key": self.public_key_text,
            "fingerprint": self.fingerprint,
            "created_at": self.created_at,
            "retired_at": self.retired_at,
        }

    @property
    def public_key_text(self) -> str:
        """The public key as base64 of the raw 32 bytes."""
        return key_text(self.public_key)


@dataclass(frozen=True)
class SigningKey:
    """The active key with its private half, ready to sign."""

    info: KeyInfo
    private: Ed25519PrivateKey = field(repr=False)

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def fingerprint(self) -> str:
        return self.info.fingerprint


def init_key(name: str, directory: Path, *, clock: Clock) -> KeyInfo:
    """Make a key pair for `name` in `directory`; refused if an active key is there."""
    name = check_name(name)
    keys = list_keys(directory)
    if current := next((k for k in keys if k.active), None):
        raise KeyExists(
            f"{directory} already holds {current.name}'s key ({current.fingerprint}); "
            "run tutor keys rotate to replace it"
        )
    return _add_key(directory, keys, name, clock)


def rotate(directory: Path, *, clock: Clock, name: str | None = None) -> KeyInfo:
    """Retire the active key (its public half stays in the keyring, its private file goes)
    and make a new one, for the same name unless `name` is given."""
    # Not active_key: a lost or exposed private file is a reason to rotate, not a bar to it.
    keys = list_keys(directory)
    current = _active(directory, keys)
    retired_at = iso(clock())
    kept = [
        replace(k, retired_at=retired_at) if k.fingerprint == current.fingerprint else k
        for k in keys
    ]
    new = _add_key(directory, kept, check_name(name) if name else current.name, clock)
    # Only once the keyring names the new key: a crash before this leaves the old key whole.
    _private_path(directory, current).unlink(missing_ok=True)
    return new


def active_key(directory: Path) -> SigningKey:
    """The key that signs now, its private file checked: owner-only and matching the
    keyring."""
    info = active_info(directory)
    path = _private_path(directory, info)
    data = _read(path, private=True)
    try:
        private = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise KeyFileError(
            f"{path} is not a readable private key; restore it from a backup"
        ) from None
    if not isinstance(private, Ed25519PrivateKey):
        raise KeyFileError(f"{path} holds a key of another kind; tutor signs with {ALGORITHM}")
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    if raw != info.public_key:
        raise KeyFileError(f"{path} does not hold the key {KEYRING} names ({info.fingerprint})")
    return SigningKey(info, private)


def usable_key(directory: Path) -> tuple[SigningKey | None, str | None]:
    """(the active key, None) to sign with; (None, None) where no key was ever made (records
    are then unsigned); (None, why) where there is one but it cannot be used."""
    if not list_keys(directory):
        return None, None
    try:
        return active_key(directory), None
    except SigningError as exc:
        return None, str(exc)


def active_info(directory: Path) -> KeyInfo:
    """The active key's public half, from the keyring alone (its private file unopened)."""
    return _active(directory, list_keys(directory))


def _active(directory: Path, keys: tuple[KeyInfo, ...]) -> KeyInfo:
    info = next((k for k in keys if k.active), None)
    if info is None:
        raise NoSigningKey(
            f'no signing key in {directory} yet; run tutor keys init --name "YOUR NAME"'
        )
    return info


def list_keys(directory: Path) -> tuple[KeyInfo, ...]:
    """Every key made in `directory`, oldest first (empty if there are none yet)."""
    path = directory / KEYRING
    if not path.exists():
        return ()
    try:
        document = json.loads(_read(path, private=False))
        if document.get("format") != KEYRING_FORMAT:
            raise ValueError(f"not a {KEYRING_FORMAT} file")
        keys = tuple(_key_from_json(entry) for entry in document["keys"])
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise KeyFileError(
            f"{path} is damaged ({one_line(str(exc)) or type(exc).__name__}); "
            "restore it from a backup"
        ) from None
    if sum(k.active for k in keys) > 1:
        raise KeyFileError(f"{path} names more than one active key; restore it from a backup")
    return keys


def find_key(directory: Path, wanted: str) -> KeyInfo:
    """The key whose fingerprint starts with `wanted` (eight hex digits or more)."""
    found = [k for k in list_keys(directory) if same_fingerprint(wanted, k.fingerprint)]
    if len(found) != 1:
        what = "no key" if not found else "more than one key"
        raise SigningError(
            f"{what} in {directory} has the fingerprint {one_line(wanted)[:80]}; "
            "tutor keys show lists them"
        )
    return found[0]


def public_key_file(key: KeyInfo) -> str:
    """What `tutor keys export` writes: comment lines naming the key, then its PEM block.
    `read_public_key` (and OpenSSL) read it back."""
    state = "active" if key.active else f"retired {key.retired_at}"
    return (
        f"# tutor signing key ({ALGORITHM}) of {one_line(key.name)}\n"
        f"# fingerprint {key.fingerprint}\n"
        f"# created {key.created_at}, {state}\n" + public_key_pem(key.public_key)
    )


def check_name(name: str) -> str:
    """A signer's name as records show it; SigningError if it is blank, too long or holds
    characters that would not show."""
    cleaned = clean_line(name)
    if not cleaned:
        raise SigningError("a key needs the name of the person or centre who holds it")
    if len(cleaned) > MAX_NAME:
        raise SigningError(f"a key holder's name is at most {MAX_NAME} characters")
    if one_line(cleaned) != cleaned:
        raise SigningError(
            f"{one_line(cleaned)!r} holds control or invisible characters; type the name plainly"
        )
    return cleaned


def _add_key(
    directory: Path, keys: list[KeyInfo] | tuple[KeyInfo, ...], name: str, clock: Clock
) -> KeyInfo:
    private = Ed25519PrivateKey.generate()
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    info = KeyInfo(name, raw, fingerprint(raw), iso(clock()))
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    _make_folder(directory)
    # The private file first: a keyring never names a key whose private half is missing.
    _write_private(_private_path(directory, info), pem)
    _write_keyring(directory, [*keys, info])
    return info


def _private_path(directory: Path, key: KeyInfo) -> Path:
    hex_digits = key.fingerprint.removeprefix("SHA256:").replace(" ", "")
    return directory / f"ed25519-{hex_digits[:16]}.pem"


def _key_from_json(entry: dict[str, Any]) -> KeyInfo:
    if entry["algorithm"] != ALGORITHM:
        raise ValueError(f"a key of unknown kind {entry['algorithm']!r}")
    raw = parse_public_key(entry["public_key"])
    if len(raw) != PUBLIC_KEY_BYTES or fingerprint(raw) != entry["fingerprint"]:
        name = one_line(str(entry["name"]))
        raise ValueError(f"the fingerprint of {name}'s key does not match it")
    retired = entry["retired_at"]
    if not isinstance(entry["name"], str) or not isinstance(entry["created_at"], str):
        raise TypeError("a name or date is not text")
    if retired is not None and not isinstance(retired, str):
        raise TypeError("a retirement date is not text")
    return KeyInfo(entry["name"], raw, entry["fingerprint"], entry["created_at"], retired)


def _write_keyring(directory: Path, keys: list[KeyInfo]) -> None:
    document = {"format": KEYRING_FORMAT, "keys": [k.to_dict() for k in keys]}
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    _write_private(directory / KEYRING, text.encode("utf-8"))


def _make_folder(directory: Path) -> None:
    try:
        directory.mkdir(mode=_OWNER_FOLDER, parents=True, exist_ok=True)
    except FileExistsError:
        raise KeyFileError(
            f"{directory} is a file, not a folder; set TUTOR_KEYS to a folder"
        ) from None
    except OSError as exc:
        raise KeyFileError(
            f"cannot make the key folder {directory} ({exc.strerror or exc})"
        ) from None


def _write_private(target: Path, data: bytes) -> None:
    """`data` in `target`, owner-only, whole or not at all: written to a temporary file in
    the same folder, flushed, then moved into place."""
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(8)}.tmp")
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        handle = os.open(temporary, flags, _OWNER_ONLY)
        try:
            with os.fdopen(handle, "wb") as out:
                if _POSIX:
                    os.fchmod(out.fileno(), _OWNER_ONLY)  # whatever the umask
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, target)
        finally:
            temporary.unlink(missing_ok=True)
    except OSError as exc:
        raise KeyFileError(f"cannot write {target} ({exc.strerror or exc})") from None


def _read(path: Path, *, private: bool) -> bytes:
    """A key folder's file; a private one is refused if others may read or write it."""
    try:
        with path.open("rb") as source:
            found = os.fstat(source.fileno())
            if not stat.S_ISREG(found.st_mode):
                raise KeyFileError(f"{path} is not a regular file; restore it from a backup")
            if private and _POSIX and found.st_mode & 0o077:
                mode = stat.S_IMODE(found.st_mode)
                raise KeyPermissionError(
                    f"{path} can be read by others (mode {mode:04o}); a private key must be "
                    f"yours alone: run chmod 600 {shlex.quote(str(path))} "
                    "(and rotate the key if others may have copied it)"
                )
            data = source.read(_MAX_FILE + 1)
    except FileNotFoundError:
        raise KeyFileError(
            f"{path} is missing; restore it from a backup or rotate the key"
        ) from None
    except IsADirectoryError:
        raise KeyFileError(f"{path} is a folder, not a key file") from None
    except OSError as exc:
        raise KeyFileError(f"cannot read {path} ({exc.strerror or exc})") from None
    if len(data) > _MAX_FILE:
        raise KeyFileError(f"{path} is far too large to be a key file")
    return data
