"""Running the real ``forum`` command in a subprocess, as an operator would."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping

HANG = 30
"""Seconds after which a run counts as hung: every run here ends in well under one."""

NO_DAC_OVERRIDE = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"]
"""As root, file permissions bind only without these capabilities (util-linux's setpriv)."""


def run_forum(
    *args: str,
    env: Mapping[str, str] | None = None,
    stdin: str = "",
    as_unprivileged: bool = False,
) -> subprocess.CompletedProcess[str]:
    """Run ``forum ARGS``; ``as_unprivileged`` makes file permissions bind even as root."""
    command = [sys.executable, "-m", "forum", *args]
    if as_unprivileged and os.geteuid() == 0:
        command = NO_DAC_OVERRIDE + command
    return subprocess.run(
        command,
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=HANG,
    )


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The run's whole stderr, checked to be a single "Error: ..." line."""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]
