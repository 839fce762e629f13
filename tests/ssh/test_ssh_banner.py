"""Someone who types `ssh -p PORT host` (their own login name, no account) is told,
before the password prompt, how to get in without one: `new@` and `guest@`."""

from __future__ import annotations

import shutil

import asyncssh
import pytest

from .openssh import PtyClient, ssh_args

NEW = "Connect again as new@ (same host and port) to create one"
GUEST = "or as guest@ to read without one"


class BannerClient(asyncssh.SSHClient):
    def __init__(self) -> None:
        self.banners: list[str] = []

    def auth_banner_received(self, msg: str, lang: str) -> None:
        self.banners.append(msg)


async def banners_for(port: int, username: str, password: str | None = None) -> list[str]:
    """The banners an asyncssh client is shown while trying to sign in as `username`."""
    client = BannerClient()
    try:
        conn = await asyncssh.connect(
            "127.0.0.1", port, username=username, password=password, client_factory=lambda: client,
            known_hosts=None, agent_path=None, client_keys=None, config=None,
        )  # fmt: skip
    except asyncssh.PermissionDenied:
        return client.banners
    conn.close()
    await conn.wait_closed()
    return client.banners


async def test_an_unknown_name_is_told_about_new_and_guest(forum_server):
    banners = await banners_for(forum_server.port, "someone", password="a guess")
    assert len(banners) == 1
    assert NEW in banners[0] and GUEST in banners[0]


async def test_the_names_that_need_no_password_get_no_banner(forum_server):
    assert await banners_for(forum_server.port, "guest") == []
    assert await banners_for(forum_server.port, "new") == []


@pytest.mark.skipif(shutil.which("ssh") is None, reason="needs the OpenSSH client")
async def test_openssh_shows_the_banner_before_the_password_prompt(forum_server, tmp_path):
    client = PtyClient(100, 24)
    try:
        args = ssh_args(forum_server.port, "-o", "PubkeyAuthentication=no", batch=False,
                        log_level="INFO")  # fmt: skip
        await client.start(*args, "someone@127.0.0.1", home=str(tmp_path))
        await client.wait_for("assword:")  # "(someone@127.0.0.1) Password:", as it asks
        before_prompt = client.text.split("assword:")[0]
        assert NEW in before_prompt and GUEST in before_prompt
    finally:
        await client.close()
