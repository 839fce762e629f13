"""The server's ed25519 host key: made once, kept private, reused on every start.

Clients remember the host key; a new one on each start would make every `ssh` warn of a
possible man-in-the-middle.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import stat
from pathlib import Path

import asyncssh

logger = logging.getLogger("forum.ssh")


def load_or_create_host_key(path: str | os.PathLike[str]) -> asyncssh.SSHKey:
    """Return the host key at `path`, creating it (mode 0600) if there is none.

    The key is written to a temporary file opened with O_EXCL and mode 0600, then
    hard-linked into place, so no reader ever sees a half-written or world-readable key
    and two servers starting at once agree on one key. An existing key readable by group
    or others is refused, as sshd does.
    """
    path = Path(path)
    if not path.exists():
        _create(path)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise PermissionError(
            f"host key {path} has mode {mode:04o}; it must be private (chmod 600 {path})"
        )
    return asyncssh.read_private_key(str(path))


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    key = asyncssh.generate_private_key("ssh-ed25519", comment="forum host key")
    data = key.export_private_key()
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            return  # another process made it first: use theirs
        logger.info("created SSH host key %s", path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def fingerprint(key: asyncssh.SSHKey) -> str:
    """The key's SHA256 fingerprint as `ssh` shows it, e.g. "SHA256:abc…"."""
    return key.get_fingerprint("sha256")


def host_key_fingerprint(path: str | os.PathLike[str]) -> str:
    """Fingerprint of the host key at `path` (created if missing), for printing at start."""
    return fingerprint(load_or_create_host_key(path))
