"""One query for many readers asking the same thing at the same moment.

When a change reaches a process, every session showing that thread asks for the same
posts and the same thread header within a few milliseconds: two hundred people watching
a thread made four hundred identical queries for each reply. A read here joins an
identical read already on its way, unless a change was told in this process since that
read began (someone who heard of a change never gets what was read before it). Nothing
is kept once a read is done, and a write's own reads, inside its transaction, are never
shared.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import TypeVar

from models import changes

T = TypeVar("T")

_on_the_way: dict[Hashable, tuple[int, asyncio.Future[object]]] = {}


async def shared(key: Hashable, read: Callable[[], Awaitable[T]]) -> T:
    """What ``read()`` returns, from an identical read (same ``key``) already on its way
    if there is one. The result is shared: it must be immutable (copy lists)."""
    if changes.writing_now():
        return await read()
    told = changes.told()
    found = _on_the_way.get(key)
    if found is None or found[0] != told:
        future: asyncio.Future[object] = asyncio.ensure_future(read())
        found = (told, future)
        _on_the_way[key] = found
        future.add_done_callback(lambda _: _forget(key, found))
    # Shielded: one reader leaving (its session ended) does not cancel the others' read.
    return await asyncio.shield(found[1])  # type: ignore[return-value]


def _forget(key: Hashable, entry: tuple[int, asyncio.Future[object]]) -> None:
    if _on_the_way.get(key) is entry:
        del _on_the_way[key]
    if not entry[1].cancelled():
        entry[1].exception()  # retrieved: a failure every reader has left is not "never seen"
