"""Small builders shared by the domain and UI tests."""

from __future__ import annotations

import uuid

from models import accounts, boards, posting
from models.actor import Actor
from models.entities import Role
from models.views import PostView


def key() -> str:
    return uuid.uuid4().hex


async def make_user(name: str, role: Role = Role.MEMBER, password: str = "correct horse") -> Actor:
    return await accounts.register(name, password, role=role)


async def first_board_id() -> int:
    return (await boards.list_boards())[0].id


async def make_thread(
    author: Actor, title: str = "A hard week", body: str = "It has been a lot."
) -> tuple[int, int]:
    """Start a thread on the first board; returns (thread id, opening post id)."""
    return ids(await posting.start_thread(author, await first_board_id(), title, body, key()))


def ids(post: PostView) -> tuple[int, int]:
    """(thread id, post id) of a post the domain returned."""
    return post.thread_id, post.id


def public_key_line(comment: str = "me@laptop") -> str:
    """A fresh ed25519 public key in OpenSSH's one-line form."""
    import asyncssh

    key = asyncssh.generate_private_key("ssh-ed25519", comment=comment)
    return key.export_public_key().decode().strip()
