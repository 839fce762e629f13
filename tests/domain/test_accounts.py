"""Registering, signing in, and password hashes."""

from __future__ import annotations

import threading

import pytest
from passlib.hash import argon2

from models import accounts
from models.entities import Role, User
from models.errors import AuthenticationFailed, Conflict, ValidationError


async def test_register_then_sign_in_with_any_case():
    made = await accounts.register("River_7", "a long password", "River")
    signed = await accounts.sign_in("river_7", "a long password")
    assert signed.id == made.id and signed.username == "River_7" and signed.role == Role.MEMBER
    assert (await User.get(id=made.id)).last_seen_at is not None


async def test_usernames_differing_only_by_case_are_one_user():
    await accounts.register("River", "a long password")
    with pytest.raises(Conflict, match="taken"):
        await accounts.register("rIVER", "another password")
    assert await User.all().count() == 1


async def test_wrong_password_and_unknown_user_fail_alike():
    await accounts.register("river", "a long password")
    with pytest.raises(AuthenticationFailed) as wrong:
        await accounts.sign_in("river", "not it at all")
    with pytest.raises(AuthenticationFailed) as unknown:
        await accounts.sign_in("nobody", "not it at all")
    assert wrong.value.message == unknown.value.message


async def test_key_only_accounts_cannot_sign_in_with_a_password():
    await accounts.register("keyonly", None)
    with pytest.raises(AuthenticationFailed):
        await accounts.sign_in("keyonly", "")


async def test_passwords_are_stored_as_argon2id():
    made = await accounts.register("river", "a long password")
    stored = (await User.get(id=made.id)).password_hash
    assert stored.startswith("$argon2id$") and "a long password" not in stored


async def test_an_old_hash_is_upgraded_on_sign_in():
    old = argon2.using(type="ID", memory_cost=512, rounds=1).hash("a long password")
    made = await accounts.register("river", "placeholder pw")
    await User.filter(id=made.id).update(password_hash=old)
    await accounts.sign_in("river", "a long password")
    new = (await User.get(id=made.id)).password_hash
    assert new != old and "m=1024" in new  # the suite's configured cost, not the old one
    assert (await accounts.sign_in("river", "a long password")).id == made.id


async def test_hashing_runs_off_the_event_loop(monkeypatch):
    """Every hash and check runs in a worker thread, so other sessions keep running
    meanwhile: the same whatever the machine's speed (no timing involved)."""
    from models import passwords

    threads: list[int] = []

    def in_thread(name: str):
        real = getattr(passwords._context, name)

        def call(*args, **kwargs):
            threads.append(threading.get_ident())
            return real(*args, **kwargs)

        monkeypatch.setattr(passwords._context, name, call)

    for name in ("hash", "verify", "verify_and_update"):
        in_thread(name)
    loop_thread = threading.get_ident()
    await accounts.register("river", "a long password")
    await accounts.sign_in("river", "a long password")
    with pytest.raises(AuthenticationFailed):
        await accounts.sign_in("river", "not the password")
    with pytest.raises(AuthenticationFailed):
        await accounts.sign_in("nobody", "a long password")  # checked against a dummy hash
    assert len(threads) >= 4 and loop_thread not in threads


@pytest.mark.parametrize(
    ("name", "password", "field"),
    [("ab", "a long password", "username"), ("river", "short", "password")],
)
async def test_bad_registrations_name_the_field_and_write_nothing(name, password, field):
    with pytest.raises(ValidationError) as error:
        await accounts.register(name, password)
    assert error.value.field == field
    assert await User.all().count() == 0
