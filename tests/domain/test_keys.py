"""SSH public keys on accounts."""

from __future__ import annotations

import asyncssh
import pytest

from models import keys
from models.entities import SshKey
from models.errors import Conflict, ValidationError
from tests.helpers import make_user, public_key_line


async def test_add_list_and_sign_in_with_a_key():
    ann = await make_user("ann")
    line = public_key_line("ann@laptop")
    added = await keys.add_key(ann, line)
    expected = asyncssh.import_public_key(line).get_fingerprint("sha256")
    assert added.fingerprint == expected and added.label == "ann@laptop"
    assert [k.id for k in await keys.list_keys(ann)] == [added.id]
    assert await keys.has_keys("ANN")
    signed = await keys.sign_in_with_key("Ann", expected)
    assert signed is not None and signed.id == ann.id
    assert await keys.sign_in_with_key("someone", expected) is None


async def test_the_same_key_twice_is_declined():
    ann = await make_user("ann")
    line = public_key_line()
    await keys.add_key(ann, line)
    with pytest.raises(Conflict, match="already"):
        await keys.add_key(ann, line)


async def test_rsa_keys_are_accepted_when_large_enough():
    ann = await make_user("ann")
    big = asyncssh.generate_private_key("ssh-rsa", key_size=2048).export_public_key().decode()
    assert (await keys.add_key(ann, big)).algorithm == "ssh-rsa"
    small = asyncssh.generate_private_key("ssh-rsa", key_size=1024).export_public_key().decode()
    with pytest.raises(ValidationError, match="1024 bits"):
        await keys.add_key(ann, small)


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("", "must be a public key line"),
        ("ssh-dss AAAAB3NzaC1kc3MAAACBAP", "not supported"),
        ("-----BEGIN OPENSSH PRIVATE KEY----- abc", "is a private key"),
        ("ssh-ed25519 not*base64", "does not decode"),
        ("ssh-rsa " + public_key_line().split()[1], "disagree"),
        ("ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQABAAABAQ==", "does not decode"),
    ],
)
async def test_bad_keys_are_refused_with_the_reason(line, rule):
    ann = await make_user("ann")
    with pytest.raises(ValidationError, match=rule):
        await keys.add_key(ann, line)
    assert await SshKey.all().count() == 0
