"""Password hashing with argon2id at OWASP's parameters, always off the event loop."""

from __future__ import annotations

import asyncio
from functools import cache

from passlib.context import CryptContext

# OWASP: argon2id, 19 MiB memory, 2 iterations, parallelism 1 (about 25 ms a check here).
_context = CryptContext(
    schemes=["argon2"],
    deprecated="auto",
    argon2__type="ID",
    argon2__memory_cost=19 * 1024,
    argon2__time_cost=2,
    argon2__parallelism=1,
)


@cache
def _dummy_hash() -> str:
    """Verified against when the user is unknown, so both failures take the same time."""
    return _context.hash("not a real password")


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_context.hash, password)


async def verify(password: str, stored_hash: str | None) -> tuple[bool, str | None]:
    """Check ``password``; the second value is a new hash when the stored one is outdated."""
    if not stored_hash:
        await asyncio.to_thread(lambda: _context.verify(password, _dummy_hash()))
        return False, None
    try:
        return await asyncio.to_thread(_context.verify_and_update, password, stored_hash)
    except ValueError:  # a hash this context cannot read: treat as a failed check
        return False, None


def configure(**settings: object) -> None:
    """Change the hashing parameters (tests use cheaper ones); old hashes upgrade on sign-in."""
    _context.update(**settings)
