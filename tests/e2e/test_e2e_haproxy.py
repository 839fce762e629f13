"""Several hosts behind HAProxy in TCP mode, as docs/deploy.md lays them out: two
`forum serve` processes on the test database (PostgreSQL on that run), one host key,
the PROXY protocol. HAProxy
connects to them from 127.0.0.2, so the logged address shows whose it is."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import socket
import subprocess

from models.seed import BOARDS
from tests.e2e.served import serve
from tests.helpers import make_thread, make_user
from tests.ssh.openssh import PtyClient
from tests.ssh.support import open_terminal

from .keys import CTRL_Q, CTRL_S, ENTER

FIRST_BOARD = BOARDS[0][1]
PASSWORD = "correct horse"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def haproxy_config(front: int, backends: list[int]) -> str:
    servers = "\n".join(
        f"    server s{n} 127.0.0.1:{port} source 127.0.0.2 send-proxy-v2 check check-send-proxy"
        for n, port in enumerate(backends)
    )
    return f"""
defaults
    mode tcp
    timeout connect 5s
    timeout client 1m
    timeout server 1m

frontend ssh
    bind 127.0.0.1:{front}
    default_backend forum

backend forum
    balance roundrobin
{servers}
"""


@contextlib.asynccontextmanager
async def haproxy(config: str, front: int, tmp_path):
    path = tmp_path / "haproxy.cfg"
    path.write_text(config)
    check = ["haproxy", "-c", "-f", str(path)]
    checked = await asyncio.to_thread(subprocess.run, check, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    process = await asyncio.create_subprocess_exec(
        shutil.which("haproxy") or "haproxy", "-db", "-f", str(path),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        for _ in range(100):  # HAProxy says nothing when it listens: its port answers
            try:
                _reader, writer = await asyncio.open_connection("127.0.0.1", front)
            except OSError:
                await asyncio.sleep(0.05)
                continue
            writer.close()
            break
        yield process
    finally:
        process.terminate()
        await process.wait()


async def openssh_guest(port: int, known_hosts: str, home: str) -> None:
    """A guest through `ssh`, which refuses to go on if the host key ever changes."""
    client = PtyClient(100, 30)
    try:
        args = [
            "-F", "/dev/null", "-p", str(port), "-o", "StrictHostKeyChecking=accept-new",
            "-o", f"UserKnownHostsFile={known_hosts}", "-o", "BatchMode=yes",
            "-o", "IdentityAgent=none", "-o", "LogLevel=ERROR",
        ]  # fmt: skip
        await client.start(*args, "guest@127.0.0.1", home=home)
        await client.wait_for(FIRST_BOARD)
        client.type(CTRL_Q)
        assert await asyncio.wait_for(client.process.wait(), 10) == 0, client.text
    finally:
        await client.close()


async def test_haproxy_spreads_people_over_hosts_with_one_key_and_their_own_address(
    forum_env, tmp_path
):
    ann = await make_user("ann")
    await make_user("bob")
    await make_thread(ann, "Telling my sister", "How do I start?")
    key = tmp_path / "shared_host_key"
    hosts = []
    for name in ("a", "b"):
        env = {**forum_env, "FORUM_DATA_DIR": str(tmp_path / name)}
        hosts.append(await serve(env, "--workers", "1", "--proxy-protocol", "--host-key", str(key)))
    front = free_port()
    terminals = []
    try:
        assert hosts[0].fingerprint == hosts[1].fingerprint
        config = haproxy_config(front, [host.port for host in hosts])
        async with haproxy(config, front, tmp_path):
            known_hosts = str(tmp_path / "known_hosts")
            for _ in range(4):  # round robin: two on each host, one key all along
                await openssh_guest(front, known_hosts, str(tmp_path))
            for host in hosts:
                assert host.log.count("session started: 'guest' from 127.0.0.1 ") == 2
                assert "127.0.0.2" not in host.log  # HAProxy's own address is never logged

            reader = await open_terminal(front, "ann", password=PASSWORD, size=(100, 30))
            writer = await open_terminal(front, "bob", password=PASSWORD, size=(100, 30))
            terminals += [reader, writer]
            for terminal in terminals:
                await terminal.wait_for(FIRST_BOARD)
                terminal.send(ENTER)
                await terminal.wait_for("Telling my sister")
                terminal.send(ENTER)
                await terminal.wait_for("How do I start?")
            anns = ["'ann' signed in from 127.0.0.1" in host.log for host in hosts]
            bobs = ["'bob' signed in from 127.0.0.1" in host.log for host in hosts]
            assert sorted(anns) == [False, True] and bobs == [not on for on in anns]
            writer.send(b"r")
            await writer.wait_for("Replying to")
            writer.send(b"Start with a text." + CTRL_S)
            await reader.wait_for("Start with a text.", within=5)  # from the other host
    finally:
        for terminal in terminals:
            await terminal.close()
        for host in hosts:
            status, log = await host.stop()
            assert status == 0 and "Traceback" not in log, log
