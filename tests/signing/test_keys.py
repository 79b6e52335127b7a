"""Key pairs on disk: made once, owner-only, rotated with the old public keys kept, and
every damaged file named in one line."""

from __future__ import annotations

import json
import os
import re
import stat

import pytest

from tests.signing.key_fixtures import LATER, MADE, at
from tutor.errors import SigningError, TutorError
from tutor.signing import (
    KeyExists,
    KeyFileError,
    KeyPermissionError,
    NoSigningKey,
    PublicKeyError,
    active_info,
    active_key,
    find_key,
    fingerprint,
    init_key,
    list_keys,
    load_public_key,
    parse_public_key,
    public_key_file,
    read_public_key,
    rotate,
    sign,
    verify_signature,
)
from tutor.signing.keys import KEYRING


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "keys"


def private_files(folder):
    return sorted(folder.glob("ed25519-*.pem"))


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_init_makes_a_key_for_the_name(folder):
    made = init_key("  Jo   Khan ", folder, clock=at(MADE))
    assert made.name == "Jo Khan"
    assert made.created_at == "2026-11-23T09:30:00.000Z"
    assert made.active and made.retired_at is None
    assert len(made.public_key) == 32
    assert made.fingerprint == fingerprint(made.public_key)
    assert active_key(folder).info == made


def test_fingerprint_is_sha256_of_the_raw_key_in_groups_of_four_hex():
    shown = fingerprint(bytes(32))
    # SHA-256 of 32 zero bytes.
    expected = "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925"
    assert shown == "SHA256:" + " ".join(expected[i : i + 4] for i in range(0, 64, 4))
    assert shown.startswith("SHA256:6668 7aad f862 ")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_private_key_and_keyring_are_owner_only_in_an_owner_only_folder(folder):
    old_umask = os.umask(0o022)
    try:
        init_key("Jo Khan", folder, clock=at(MADE))
    finally:
        os.umask(old_umask)
    [private] = private_files(folder)
    assert mode(private) == 0o600
    assert mode(folder / KEYRING) == 0o600
    assert mode(folder) == 0o700
    assert private.read_text().startswith("-----BEGIN PRIVATE KEY-----")


def test_no_temporary_file_is_left_behind(folder):
    init_key("Jo Khan", folder, clock=at(MADE))
    rotate(folder, clock=at(LATER))
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []


def test_init_refuses_to_replace_an_active_key(folder):
    made = init_key("Jo Khan", folder, clock=at(MADE))
    with pytest.raises(KeyExists, match="tutor keys rotate"):
        init_key("Someone Else", folder, clock=at(LATER))
    assert active_key(folder).info == made


@pytest.mark.parametrize("name", ["", "   ", "Jo\u202eKhan", "Jo\x1bKhan", "x" * 201])
def test_init_refuses_a_name_that_would_not_show(folder, name):
    with pytest.raises(SigningError):
        init_key(name, folder, clock=at(MADE))
    assert not (folder / KEYRING).exists()


def test_without_a_key_the_error_says_how_to_make_one(folder):
    with pytest.raises(NoSigningKey, match=r'run tutor keys init --name "YOUR NAME"'):
        active_key(folder)
    with pytest.raises(NoSigningKey):
        rotate(folder, clock=at(LATER))
    assert list_keys(folder) == ()


def test_rotation_retires_the_old_key_and_keeps_its_public_half(folder):
    old = init_key("Jo Khan", folder, clock=at(MADE))
    new = rotate(folder, clock=at(LATER))
    assert new.fingerprint != old.fingerprint and new.name == "Jo Khan"
    retired, current = list_keys(folder)
    assert retired.fingerprint == old.fingerprint
    assert retired.retired_at == "2027-03-01T14:00:00.000Z"
    assert current == new and active_info(folder) == new
    assert active_key(folder).info == new


def test_rotation_deletes_the_old_private_key(folder):
    init_key("Jo Khan", folder, clock=at(MADE))
    [old_file] = private_files(folder)
    rotate(folder, clock=at(LATER))
    [new_file] = private_files(folder)
    assert new_file != old_file and not old_file.exists()


def test_records_signed_by_a_retired_key_still_verify(folder):
    init_key("Jo Khan", folder, clock=at(MADE))
    signed = sign(active_key(folder), "digest-1", clock=at(MADE))
    rotate(folder, clock=at(LATER))
    rotate(folder, clock=at(LATER), name="Jo Khan-Ahmed")
    first = find_key(folder, signed.fingerprint)
    assert not first.active
    assert verify_signature(signed, "digest-1", first.public_key)
    assert not verify_signature(signed, "digest-1", active_info(folder).public_key)
    assert active_info(folder).name == "Jo Khan-Ahmed"


def test_rotation_works_when_the_private_key_is_lost(folder):
    init_key("Jo Khan", folder, clock=at(MADE))
    [lost] = private_files(folder)
    lost.unlink()
    with pytest.raises(KeyFileError, match=re.escape(f"{lost} is missing")):
        active_key(folder)
    new = rotate(folder, clock=at(LATER))
    assert active_key(folder).info == new


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize("loose", [0o644, 0o640, 0o604, 0o660])
def test_a_private_key_others_can_read_is_refused_saying_what_to_do(folder, loose):
    init_key("Jo Khan", folder, clock=at(MADE))
    [private] = private_files(folder)
    private.chmod(loose)
    with pytest.raises(KeyPermissionError) as refused:
        active_key(folder)
    message = str(refused.value)
    assert str(private) in message and f"mode {loose:04o}" in message
    assert f"chmod 600 {private}" in message and "\n" not in message


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (b"", "not a readable private key"),
        (b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "not a readable"),
        ("£ not a key".encode(), "not a readable private key"),
    ],
)
def test_a_corrupt_private_key_is_one_line_naming_the_file(folder, damage, problem):
    init_key("Jo Khan", folder, clock=at(MADE))
    [private] = private_files(folder)
    private.write_bytes(damage)
    with pytest.raises(KeyFileError) as refused:
        active_key(folder)
    message = str(refused.value)
    assert message.startswith(str(private)) and problem in message
    assert "\n" not in message and isinstance(refused.value, TutorError)


def test_a_private_key_that_is_not_the_keyrings_is_refused(folder, tmp_path):
    init_key("Jo Khan", folder, clock=at(MADE))
    other = tmp_path / "other"
    init_key("Someone Else", other, clock=at(MADE))
    [mine], [theirs] = private_files(folder), private_files(other)
    mine.write_bytes(theirs.read_bytes())
    with pytest.raises(KeyFileError, match=r"does not hold the key keyring\.json names"):
        active_key(folder)


@pytest.mark.parametrize(
    "damage",
    [
        "",
        "{not json",
        "[]",
        '{"format": "something-else/1", "keys": []}',
        '{"format": "tutor-keyring/1"}',
        '{"format": "tutor-keyring/1", "keys": [{"name": "Jo"}]}',
    ],
)
def test_a_corrupt_keyring_is_one_line_naming_the_file(folder, damage):
    init_key("Jo Khan", folder, clock=at(MADE))
    (folder / KEYRING).write_text(damage)
    with pytest.raises(KeyFileError) as refused:
        list_keys(folder)
    message = str(refused.value)
    assert message.startswith(f"{folder / KEYRING} is damaged") and "\n" not in message


def test_a_keyring_whose_fingerprint_was_edited_is_refused(folder):
    init_key("Jo Khan", folder, clock=at(MADE))
    document = json.loads((folder / KEYRING).read_text())
    document["keys"][0]["fingerprint"] = fingerprint(b"\x01" * 32)
    (folder / KEYRING).write_text(json.dumps(document))
    with pytest.raises(KeyFileError, match="fingerprint of Jo Khan's key does not match"):
        active_key(folder)


def test_a_keyring_with_two_active_keys_is_refused(folder):
    init_key("Jo Khan", folder, clock=at(MADE))
    document = json.loads((folder / KEYRING).read_text())
    document["keys"].append(document["keys"][0])
    (folder / KEYRING).write_text(json.dumps(document))
    with pytest.raises(KeyFileError, match="more than one active key"):
        active_key(folder)


def test_a_file_where_the_key_folder_should_be_is_named(tmp_path):
    folder = tmp_path / "keys"
    folder.write_text("not a folder")
    with pytest.raises(KeyFileError, match=re.escape(f"{folder} is a file, not a folder")):
        init_key("Jo Khan", folder, clock=at(MADE))


def test_find_key_takes_a_fingerprint_prefix_however_typed(folder):
    made = init_key("Jo Khan", folder, clock=at(MADE))
    bare = made.fingerprint.removeprefix("SHA256:").replace(" ", "")
    assert find_key(folder, bare[:8].upper()) == made
    assert find_key(folder, made.fingerprint) == made
    with pytest.raises(SigningError, match="no key"):
        find_key(folder, "0000000000")
    with pytest.raises(SigningError, match="no key"):
        find_key(folder, bare[:4])  # too short to name a key


def test_the_exported_public_key_file_reads_back(folder, tmp_path):
    made = init_key("Jo Khan", folder, clock=at(MADE))
    text = public_key_file(made)
    assert "PRIVATE" not in text
    assert f"# fingerprint {made.fingerprint}" in text
    exported = tmp_path / "jo.pub"
    exported.write_text(text)
    assert read_public_key(exported) == made.public_key
    assert load_public_key(str(exported)) == made.public_key


def test_a_bare_key_is_read_as_base64_or_hex(folder):
    made = init_key("Jo Khan", folder, clock=at(MADE))
    assert load_public_key(made.public_key_text) == made.public_key
    assert load_public_key(made.public_key.hex()) == made.public_key
    assert parse_public_key(f"  {made.public_key.hex().upper()}\n") == made.public_key


@pytest.mark.parametrize(
    "content",
    [
        "hello",
        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
        "QUJD",  # base64, but three bytes
        # An RSA public key: a real key of the wrong kind.
        "-----BEGIN PUBLIC KEY-----\nMFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAMqPXdZDe8M+p6Gq6kP2Xw8eVYb"
        "5FOSqm7xqU3b7dHfPZ1S3EEhOVNw2OUf2hy3M4Qv+HZ9qv6Y/wfxZXxZBrZMCAwEAAQ==\n"
        "-----END PUBLIC KEY-----\n",
    ],
)
def test_a_file_that_is_no_public_key_is_one_line_naming_it(tmp_path, content):
    path = tmp_path / "not-a-key.pub"
    path.write_text(content)
    with pytest.raises(PublicKeyError) as refused:
        read_public_key(path)
    message = str(refused.value)
    assert message.startswith(f"{path} is not a public key file") and "\n" not in message


def test_a_missing_public_key_is_neither_file_nor_key(tmp_path):
    with pytest.raises(PublicKeyError, match="neither a public key file nor a key"):
        load_public_key(str(tmp_path / "missing.pub"))
