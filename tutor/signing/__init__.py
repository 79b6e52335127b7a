"""Ed25519 signing keys and signatures over record digests: a core module that imports only
the base modules, for sessions and exports to sign with and `verify` to check."""

from tutor.signing.keys import (
    KeyExists,
    KeyFileError,
    KeyInfo,
    KeyPermissionError,
    NoSigningKey,
    SigningKey,
    active_key,
    check_name,
    find_key,
    init_key,
    list_keys,
    public_key_file,
    rotate,
)
from tutor.signing.public import (
    ALGORITHM,
    PublicKeyError,
    fingerprint,
    key_text,
    load_public_key,
    parse_public_key,
    read_public_key,
    same_fingerprint,
)
from tutor.signing.signatures import (
    Signature,
    SignatureFormatError,
    sign,
    signed_message,
    verify_signature,
)

__all__ = [
    "ALGORITHM",
    "KeyExists",
    "KeyFileError",
    "KeyInfo",
    "KeyPermissionError",
    "NoSigningKey",
    "PublicKeyError",
    "Signature",
    "SignatureFormatError",
    "SigningKey",
    "active_key",
    "check_name",
    "find_key",
    "fingerprint",
    "init_key",
    "key_text",
    "list_keys",
    "load_public_key",
    "parse_public_key",
    "public_key_file",
    "read_public_key",
    "rotate",
    "same_fingerprint",
    "sign",
    "signed_message",
    "verify_signature",
]
