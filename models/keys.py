"""SSH public keys: people add, list and remove their own; the SSH server checks them.

Keys are parsed here without an SSH library (the domain stays free of transport code):
the OpenSSH one-line form is ``TYPE BASE64 [COMMENT]`` and the decoded blob starts with
the same TYPE, which is all we need to validate it and print its SHA256 fingerprint.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct
from typing import NamedTuple

from tortoise.exceptions import IntegrityError

from models import clock, text
from models.accounts import current
from models.actor import Actor
from models.entities import SshKey, User
from models.errors import Conflict, NotFound, ValidationError
from models.policy import Action, Context, require

ALGORITHMS = {
    "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
}  # fmt: skip
RSA_MIN_BITS = 2048
MAX_KEYS = 20


class KeyView(NamedTuple):
    id: int
    algorithm: str
    fingerprint: str
    label: str
    created_at: object
    last_used_at: object


class ParsedKey(NamedTuple):
    algorithm: str
    public_key: str
    fingerprint: str
    comment: str


def _strings(blob: bytes) -> list[bytes]:
    out, at = [], 0
    while at < len(blob):
        if at + 4 > len(blob):
            raise ValueError("truncated")
        (size,) = struct.unpack(">I", blob[at : at + 4])
        if at + 4 + size > len(blob):
            raise ValueError("truncated")
        out.append(blob[at + 4 : at + 4 + size])
        at += 4 + size
    return out


def parse_public_key(line: str) -> ParsedKey:
    """Validate one OpenSSH public key line (as in ``id_ed25519.pub``)."""
    parts = text.clean_line(line).split(" ", 2)
    if len(parts) < 2:
        raise ValidationError(
            "key", "must be a public key line like 'ssh-ed25519 AAAA... you@host'"
        )
    algorithm, encoded = parts[0], parts[1]
    if algorithm not in ALGORITHMS:
        if "PRIVATE KEY" in line:
            raise ValidationError(
                "key",
                "is a private key: paste the .pub file instead, and keep the private one secret",
            )
        raise ValidationError(
            "key", f"type {algorithm[:40]!r} is not supported: use ssh-ed25519, ecdsa or ssh-rsa"
        )
    try:
        blob = base64.b64decode(encoded, validate=True)
        fields = _strings(blob)
    except (binascii.Error, ValueError):
        raise ValidationError("key", "is damaged: its base64 part does not decode") from None
    if not fields or fields[0].decode(errors="replace") != algorithm:
        raise ValidationError("key", "is damaged: its type and contents disagree")
    if algorithm == "ssh-rsa":
        modulus = fields[2] if len(fields) > 2 else b""
        bits = int.from_bytes(modulus, "big").bit_length()
        if bits < RSA_MIN_BITS:
            raise ValidationError(
                "key", f"is an RSA key of {bits} bits: at least {RSA_MIN_BITS} are needed"
            )
    digest = base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")
    comment = parts[2] if len(parts) > 2 else ""
    return ParsedKey(algorithm, f"{algorithm} {encoded}", f"SHA256:{digest}", comment)


async def add_key(actor: Actor, line: str, label: str | None = None) -> KeyView:
    actor = await current(actor)
    require(actor, Action.MANAGE_OWN_KEYS, Context(owner_id=actor.id), clock.now())
    return await _add(actor.id, line, label)  # type: ignore[arg-type]


async def add_key_for(username: str, line: str, label: str | None = None) -> KeyView:
    """For the operator's command line (``forum user add-key``)."""
    user = await User.get_or_none(username_key=text.username_key(username))
    if user is None:
        raise NotFound(f"There is no user called {username!r}.")
    return await _add(user.id, line, label)


async def _add(user_id: int, line: str, label: str | None) -> KeyView:
    key = parse_public_key(line)
    name = text.clean_line(label or key.comment)[:100]
    if await SshKey.filter(user_id=user_id).count() >= MAX_KEYS:
        raise Conflict(f"An account can have at most {MAX_KEYS} keys: remove one first.")
    try:
        row = await SshKey.create(
            user_id=user_id, algorithm=key.algorithm, public_key=key.public_key,
            fingerprint=key.fingerprint, label=name, created_at=clock.now(),
        )  # fmt: skip
    except IntegrityError:
        raise Conflict("That key is already on this account.") from None
    return _view(row)


async def list_keys(actor: Actor) -> list[KeyView]:
    actor = await current(actor)
    if actor.is_guest:
        return []
    return [_view(k) for k in await SshKey.filter(user_id=actor.id).order_by("id")]


async def remove_key(actor: Actor, key_id: int) -> None:
    actor = await current(actor)
    key = await SshKey.get_or_none(id=key_id)
    if key is None:
        raise NotFound("That key does not exist.")
    require(actor, Action.MANAGE_OWN_KEYS, Context(owner_id=key.user_id), clock.now())
    await key.delete()


async def has_keys(username: str) -> bool:
    return await SshKey.filter(user__username_key=text.username_key(username)).exists()


async def sign_in_with_key(username: str, fingerprint: str) -> Actor | None:
    """The account ``username`` if the key with ``fingerprint`` is one of its keys."""
    key = await SshKey.get_or_none(
        user__username_key=text.username_key(username), fingerprint=fingerprint
    ).select_related("user")
    if key is None:
        return None
    now = clock.now()
    await SshKey.filter(id=key.id).update(last_used_at=now)
    await User.filter(id=key.user_id).update(last_seen_at=now)
    return Actor.from_user(key.user)


def _view(key: SshKey) -> KeyView:
    return KeyView(
        key.id, key.algorithm, key.fingerprint, key.label, key.created_at, key.last_used_at
    )
